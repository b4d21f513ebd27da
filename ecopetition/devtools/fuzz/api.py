"""The JSON API at /api/v1/, fuzzed by schemathesis from the OpenAPI schema the API serves itself.

Every operation gets schema-conforming (positive) and schema-violating (negative)
requests. Path parameters are half the time a real complaint number or id from the
seeded register, so the handlers behind them run, not only their 404. Each request
carries the API token of one of the test world's users, drawn per request.

Failures: any 5xx, an undocumented status code, a body or header or content type
that does not match the schema, and an operation that answers 2xx without its
authentication. Whether the API accepts every schema-valid request and refuses every
invalid one is counted as advice only: the schema cannot say, for example, that a
complaint number must exist.
"""

from __future__ import annotations

from collections import Counter

from .common import Finding, Target, wsgi_app

SCHEMA_PATH = "/api/v1/openapi.json"
AUTH_PROBES_PER_OPERATION = 2
# Besides real numbers: what a number never holds (PostgreSQL cannot even compare a NUL).
HOSTILE_NUMBERS = ["a\x00b", "\u202e1-0", "..", "%", "x" * 300]


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi import checks as oc

    hard = [not_a_server_error, oc.status_code_conformance, oc.content_type_conformance,
            oc.response_schema_conformance, oc.response_headers_conformance]
    advisory = [oc.positive_data_acceptance, oc.negative_data_rejection]
    return hard, [oc.ignored_auth], advisory


def _strategies(op, mode, register):
    """The operation's own strategy, and the same with real values for its path parameters."""
    from hypothesis import strategies as st

    base = op.as_strategy(generation_mode=mode)
    values = register.path_values()
    values["number"] = values["number"] + HOSTILE_NUMBERS
    known = [p.name for p in op.path_parameters if values.get(p.name)]  # e.g. not {action}: generated
    if not known:
        return base
    if mode.is_negative and not (len(op.body) or len(op.query)) and len(known) == len(op.path_parameters):
        return base  # with the whole path fixed there would be nothing left to make invalid
    fixed = [
        op.as_strategy(generation_mode=mode, path_parameters={known[0]: value, **{n: values[n][0] for n in known[1:]}})
        for value in values[known[0]]
    ]
    if len(known) > 1:  # e.g. a complaint and its attachment: the pair that belongs together, often
        fixed = [op.as_strategy(generation_mode=mode, path_parameters={n: values[n][0] for n in known})] * 3 + fixed
    return st.one_of(base, st.one_of(fixed), st.one_of(fixed))


def fuzz(register, *, seed: int, amount: int, errors, say=print) -> Target:
    import hypothesis
    import schemathesis
    from hypothesis import HealthCheck, Phase
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.core.failures import Failure

    target = Target("api")
    app = wsgi_app()

    def recording(environ, start_response):
        def start(status, headers, exc_info=None):
            target.record(int(status.split()[0]))
            return start_response(status, headers, exc_info)

        return app(environ, start)

    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, recording)
    hard, auth_checks, advisory = _checks()
    tokens = sorted(register.tokens.items())
    auth_probed: Counter = Counter()
    seen_failures: set = set()

    def on_failures(op, case, response, failures, kind):
        for f in failures:
            key = (op.label, f.code, response.status_code)
            if kind == "advisory":
                target.advisories[(f"{f.code} {f.title}", f"{op.label} -> {response.status_code}")] += 1
                continue
            if key in seen_failures:
                continue
            seen_failures.add(key)
            detail = f"{f.code} {f.title}: {f.message}"
            if response.status_code >= 500:
                detail += "\n" + errors.take()
            try:
                curl = case.as_curl_command()
            except Exception:  # noqa: BLE001 - a repro line is a courtesy
                curl = op.label
            target.findings.append(Finding("api", "5xx" if response.status_code >= 500 else "schema",
                                           curl, response.status_code, detail))

    def validate(op, case, response, headers, checks, kind):
        try:
            case.validate_response(response, checks=checks, headers=headers,
                                   transport_kwargs={"headers": headers})
        except BaseExceptionGroup as group:
            on_failures(op, case, response, [f for f in group.exceptions if isinstance(f, Failure)], kind)
        except Failure as f:
            on_failures(op, case, response, [f], kind)

    def fuzz_operation(op, strategy):
        @hypothesis.settings(max_examples=amount, database=None, deadline=None, derandomize=False,
                             suppress_health_check=list(HealthCheck), phases=[Phase.generate],
                             verbosity=hypothesis.Verbosity.quiet)
        @hypothesis.seed(seed)
        @hypothesis.given(case=strategy, who=st.sampled_from(tokens))
        def send(case, who):
            headers = {"Authorization": f"Bearer {who[1]}"}
            errors.take()
            response = case.call(headers=headers)
            target.by_operation.setdefault(op.label, Counter())[response.status_code] += 1
            validate(op, case, response, headers, hard, "hard")
            if 200 <= response.status_code < 300 and auth_probed[op.label] < AUTH_PROBES_PER_OPERATION:
                auth_probed[op.label] += 1
                validate(op, case, response, headers, auth_checks, "hard")
            validate(op, case, response, headers, advisory, "advisory")

        try:
            send()
        except hypothesis.errors.Unsatisfiable:
            pass  # nothing invalid to generate for this operation (e.g. no parameters at all)

    operations = [r.ok() for r in schema.get_all_operations()]
    say(f"api: {len(operations)} operations, {amount} positive and {amount} negative examples each")
    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz_operation(op, _strategies(op, mode, register))
    say(f"api: {target.sent} requests, {target.server_errors} 5xx, {len(target.findings)} findings")
    return target
