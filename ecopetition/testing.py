"""A small named world for tests: a unit tree with one person per role.

    province P (320000)
    └── city C (320900)              clerk "cara", dispatcher "dan", supervisor "sue",
        │                            callback officer "cole", leader "lee", inspector "ian"
        ├── C eco bureau (dept)      officer "olga"
        ├── county A (320902)        clerk "amy", dispatcher "adam", supervisor "ada", officer "otto"
        │   └── A eco bureau (dept)  officer "oscar"
        └── county B (320903)        clerk "bea", officer "bob"    (A's sibling: must never see A's cases)

Tests ask for `world` and use `world.users["cara"]`, `world.units["county_a"]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from ecopetition.org.models import Membership, Unit

PASSWORD = "correct horse battery staple"  # noqa: S105 - the test accounts' password


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict = field(default_factory=dict)


UNITS = [
    ("province", "P32", "江苏省", "province", "", None, "320000"),
    ("city", "C3209", "盐城市", "city", "", "province", "320900"),
    ("city_eco", "C3209-EB", "盐城市生态环境局", "department", "eco", "city", "320900"),
    ("city_urban", "C3209-UM", "盐城市城市管理局", "department", "urban", "city", "320900"),
    ("county_a", "A320902", "亭湖区", "county", "", "city", "320902"),
    ("county_a_eco", "A320902-EB", "亭湖区生态环境局", "department", "eco", "county_a", "320902"),
    ("county_b", "B320903", "盐都区", "county", "", "city", "320903"),
]

PEOPLE = [
    ("cara", "city", "clerk"), ("dan", "city", "dispatcher"), ("sue", "city", "supervisor"),
    ("cole", "city", "callback"), ("lee", "city", "leader"), ("ian", "city", "inspector"),
    ("olga", "city_eco", "officer"),
    ("amy", "county_a", "clerk"), ("adam", "county_a", "dispatcher"), ("ada", "county_a", "supervisor"),
    ("otto", "county_a", "officer"), ("oscar", "county_a_eco", "officer"),
    ("bea", "county_b", "clerk"), ("bob", "county_b", "officer"),
]


def build_world() -> World:
    world = World()
    for key, code, name, kind, dept, parent, division in UNITS:
        world.units[key] = Unit.objects.create(
            code=code, name=name, kind=kind, department_type=dept,
            parent=world.units[parent] if parent else None, division_code=division,
        )
    User = get_user_model()
    for username, unit, role in PEOPLE:
        user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
        Membership.objects.create(user=user, unit=world.units[unit], role=role)
        world.users[username] = user
    return world
