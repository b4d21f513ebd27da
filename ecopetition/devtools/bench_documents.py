"""`ecopetition bench documents`: how fast a numbered document is generated (PDF + DOCX + hashes + event).

Runs in one transaction that is rolled back at the end (a throwaway unit tree
and case), writing files to a temporary folder: nothing is left behind.
Prints end-to-end latency per document, the PDF and DOCX rendering on their
own, documents per second and CPU-ms per document.
"""

from __future__ import annotations

import statistics
import tempfile
import time

NAME = "documents"
HELP = "Latency and throughput of generating a numbered reply letter (PDF and DOCX) in one process."


def add_arguments(parser) -> None:
    parser.add_argument("--count", type=int, default=30, help="documents to generate (default 30)")


class _Rollback(Exception):
    pass


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def run(options, stdout) -> None:
    from django.db import transaction
    from django.test import override_settings

    from ecopetition.cases import actions as A
    from ecopetition.documents import actions as D
    from ecopetition.documents import render
    from ecopetition.testing import build_world

    count = max(1, options["count"])
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="ecopetition-bench-docs-") as folder, override_settings(
        DOCUMENTS_DIR=folder, TRIAGE_ON_REGISTER=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        try:
            with transaction.atomic():
                world = build_world()
                u = world.users
                case = A.do_register(A.NewComplaint(
                    channel="phone", content="化工园区某企业夜间排放刺鼻废气，附近居民无法开窗。" * 4,
                    address="盐城市亭湖区黄海路88号", reported_party_name="盐城某化工有限公司",
                    complainants=[A.ComplainantInput(name="张三", phone="13800138000")],
                ), unit=world.units["city"], actor=u["cara"])
                A.do_accept(case, actor=u["cara"])
                A.do_assign(case, actor=u["dan"], lead_unit=world.units["county_a"])
                A.do_sign_for(case, actor=u["otto"])
                A.do_report(case, actor=u["otto"], finding="founded",
                            result="经现场核查，反映问题属实。已责令限期整改，并依法立案处罚。" * 3)
                A.do_review(case, actor=u["sue"], passed=True)
                D.do_generate_document(case, actor=u["cara"], kind="reply")  # warm up fonts and templates
                total, cpu = [], []
                t_all, c_all = time.perf_counter(), time.process_time()
                for _ in range(count):
                    t, c = time.perf_counter(), time.process_time()
                    doc = D.do_generate_document(case, actor=u["cara"], kind="reply")
                    total.append(time.perf_counter() - t)
                    cpu.append(time.process_time() - c)
                wall, cpu_all = time.perf_counter() - t_all, time.process_time() - c_all
                layout = {"title": doc.title, "number": doc.number, "unit_name": doc.unit.name,
                          "issue_date": "2026年1月1日", "text": doc.text}
                pdf_t, docx_t = [], []
                for _ in range(min(count, 10)):
                    t = time.perf_counter()
                    render.render_pdf(kind="reply", **layout)
                    pdf_t.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    render.render_docx(**layout)
                    docx_t.append(time.perf_counter() - t)
                results = {
                    "n": count, "wall": wall, "cpu": cpu_all, "total": total, "pdf": pdf_t, "docx": docx_t,
                    "last_number": doc.number, "pdf_bytes": doc.pdf_size, "docx_bytes": doc.docx_size,
                }
                raise _Rollback
        except _Rollback:
            pass
    ms = 1000.0
    stdout.write(f"documents: {results['n']} reply letters generated (PDF + DOCX + SHA-256 + audit event), "
                 f"last {results['last_number']}")
    stdout.write(f"  end to end: p50 {statistics.median(results['total']) * ms:.0f} ms, "
                 f"p95 {_pct(results['total'], 0.95) * ms:.0f} ms, "
                 f"{results['n'] / results['wall']:.1f} documents/s in one process, "
                 f"{results['cpu'] / results['n'] * ms:.0f} CPU-ms per document")
    stdout.write(f"  PDF alone:  p50 {statistics.median(results['pdf']) * ms:.0f} ms ({results['pdf_bytes']} bytes)")
    stdout.write(f"  DOCX alone: p50 {statistics.median(results['docx']) * ms:.0f} ms ({results['docx_bytes']} bytes)")
