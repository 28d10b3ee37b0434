"""The ``aims`` command line (docs/CONTRACT.md §3): argument parsing and one small function per subcommand.

Errors are one line on stderr, never a traceback. Exit codes: 0 ok, 1 a check failed,
2 bad usage or unusable input. Heavy modules (Textual, python-docx) are imported only by the
subcommands that need them, so scripted calls stay fast.

What the subcommands share is in cli_common.py and the internal-audit commands in cli_audit.py.
This module stays over 450 lines on purpose: one small function per subcommand of the contract and
the one parser that declares them all, side by side, as docs/CONTRACT.md §3 lists them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from aims_tui import __version__
from aims_tui.cli_audit import _add_internal_audit_commands
from aims_tui.cli_common import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    _assessment_id,
    _db_path,
    _iso_date,
    _level,
    _open,
    _Parser,
    _passphrase,
    _print_json,
    _question_count,
    _up_to_date,
    _usage,
    load_app_content,
)
from aims_tui.domain.errors import ContentError
from aims_tui.domain.terminal_text import visible
from aims_tui.domain.vocabulary import ASSESSMENT_KINDS, EU_ACT_REACHES, STATUSES, TIERS, TREATMENTS
from aims_tui.domain.wording import one_line
from aims_tui.locations import builtin_questionnaires_dir, default_db, user_questionnaires_dir
from aims_tui.store import Store, StoreError
from aims_tui.store.convert import convert
from aims_tui.store.repository import default_actor

# ---------------------------------------------------------------------------------------------
# subcommands
# ---------------------------------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace) -> int:
    from aims_tui.tui.app import make_app

    # make_app opens the file and loads the questionnaires (through the content cache): a bad file
    # or bad content raises here, before anything is drawn. An encrypted file without
    # $AIMS_PASSPHRASE, or a new one, opens through the app's passphrase prompt (issue 15).
    app = make_app(_db_path(args), read_only=args.read_only, offer_encryption=True)
    app.run()
    for line in (app.content_error, app.quit_line):  # content changed under the cache; esc at the prompt
        if line:
            print(line, file=sys.stderr)
            return EXIT_USAGE
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from aims_tui.demo import write_demo

    if getattr(args, "db", None):
        path = Path(args.db)
        if path.exists() and path.stat().st_size:
            raise UsageError(f"{path} already exists; the demo writes a new file: pass --db NEW_FILE.db")
    else:  # next to the default database: demo.db, demo-2.db, …
        base = default_db().parent
        path = next(p for n in range(1, 10_000)
                    if not (p := base / ("demo.db" if n == 1 else f"demo-{n}.db")).exists())
    content = load_app_content()
    store = Store.open(path, actor="Demo Consultant")
    assessment_id = write_demo(store, content)
    print(path)
    if args.no_open:
        store.close()
        return EXIT_OK
    store.actor = default_actor()  # the demo's history is the demo's; what you change next is yours
    from aims_tui.tui.app import make_app

    make_app(store=store, content=content, db_path=path, assessment_id=assessment_id).run()
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    content = load_app_content()
    if args.encrypt:
        path = _db_path(args)
        fresh = not path.exists() or path.stat().st_size == 0
        store = Store.open(path, passphrase=_needed(path, new=fresh)) if fresh else _open(args)
        if not store.encrypted:
            store.close()
            raise UsageError(f"{path}: a plain file already; --encrypt creates a new file: pass --db NEW_FILE.db, "
                             "or convert this one with 'aims encrypt --out NEW_FILE'")
    else:
        store = _open(args)
    with store:
        assessment = store.create_assessment(
            args.org, args.scope, assessors=list(args.assessor or []), date_=args.date, kind=args.kind,
            baseline_id=args.baseline, matrix=content.scales.default_matrix(),
        )
    print(assessment.id)
    return EXIT_OK


def _needed(path: Path, *, new: bool = False) -> str:
    passphrase = _passphrase(path, new=new)
    if passphrase is None:
        raise UsageError("give the passphrase: set $AIMS_PASSPHRASE, or run this on a terminal to be asked")
    return passphrase


def _existing_db(args: argparse.Namespace) -> Path:
    path = _db_path(args)
    if not path.is_file():
        raise UsageError(f"{path}: no such file; give the engagement file to convert with --db")
    return path


def cmd_encrypt(args: argparse.Namespace) -> int:
    path, out = _existing_db(args), _out(args)
    with _open(args) as store:  # whose file it is, migrations: checked as for every command
        if store.encrypted:
            raise UsageError(f"{path}: already encrypted; 'aims decrypt' makes it plain")
    convert(path, out, None, _needed(out or path, new=True))
    if out is None:
        print(f"encrypted {path} in place; no plain copy of it is left")
    else:
        print(f"wrote {out}, encrypted; {path} is left as it is (plain): delete it yourself when it is no longer needed")
    return EXIT_OK


def cmd_decrypt(args: argparse.Namespace) -> int:
    path, out = _existing_db(args), _out(args)
    passphrase = _needed(path)
    with Store.open(path, passphrase=passphrase) as store:
        if not store.encrypted:
            raise UsageError(f"{path}: not encrypted; nothing to decrypt")
    convert(path, out, passphrase, None)
    if out is None:
        print(f"decrypted {path} in place: it is a plain file now")
    else:
        print(f"wrote {out}, not encrypted; {path} is left as it is (encrypted)")
    return EXIT_OK


def _out(args: argparse.Namespace) -> Path | None:
    return Path(args.out) if args.out else None


def cmd_list(args: argparse.Namespace) -> int:
    total = _question_count()
    with _open(args) as store:
        rows = store.list_assessments()
    if args.json:
        _print_json([
            {"id": r.id, "org": r.org, "kind": r.kind, "date": r.date, "scope": r.scope, "archived": r.archived,
             "answered": r.answered, "questions": total, "created_at": r.created_at, "updated_at": r.updated_at}
            for r in rows
        ])
        return EXIT_OK
    if not rows:
        print("no assessments yet: create one with 'aims new --org ORG --scope TEXT'", file=sys.stderr)
        return EXIT_OK
    for r in rows:
        flag = " (archived)" if r.archived else ""
        print(f"{r.id}  {r.date}  {r.kind:<14}  {r.answered:>3}/{total} answered  {one_line(r.org)}{flag}")
    return EXIT_OK


def cmd_questions(args: argparse.Namespace) -> int:
    content = load_app_content()
    if args.json:
        _print_json([
            {"id": q.id, "ref": q.ref, "ref_title": content.structure.title(q.ref), "questionnaire": q.questionnaire,
             "text": q.text, "guidance": q.guidance, "evidence": q.evidence}
            for q in content.questions
        ])
        return EXIT_OK
    for q in content.questions:
        print(f"{q.id:<12} {q.ref:<9} {one_line(q.text)}")
    return EXIT_OK


def cmd_answer(args: argparse.Namespace) -> int:
    content = load_app_content()
    if not content.has_question(args.question_id):
        raise UsageError(f"unknown question id {args.question_id!r}; run 'aims questions' to list them")
    if args.maturity is not None and not 0 <= args.maturity <= 5:
        raise UsageError(f"--maturity {args.maturity}: maturity is 0 to 5")
    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        _up_to_date(store, content, aid)
        changes: dict[str, Any] = {"status": args.status}
        if args.maturity is not None:
            changes["maturity"] = args.maturity
        if args.notes is not None:
            changes["notes"] = args.notes
        if args.interviewee:  # one person per flag; "Dana Ng (CISO)": the role is recorded with them
            from aims_tui.domain.people import parse_person

            people = dict.fromkeys(parse_person(text) for text in args.interviewee)
            for name, role in people:
                if role:
                    store.set_interviewee(aid, name, role)
            changes["interviewees"] = list(dict.fromkeys(name for name, _ in people if name))
        answer = store.set_answer(aid, args.question_id, **changes)
    if args.json:
        _print_json(answer.model_dump(mode="json"))
    return EXIT_OK


def cmd_system_add(args: argparse.Namespace) -> int:
    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        if store.find_system(aid, args.name):
            raise UsageError(f"an AI system named {args.name!r} already exists in this assessment")
        system = store.add_system(aid, name=args.name, tier=args.tier, owner=args.owner or "",
                                  purpose=args.purpose or "", role=args.role, supplier=args.supplier or "",
                                  eu_act_reach=args.eu_act, eu_act_basis=args.eu_act_basis or "")
    if args.json:
        _print_json(system.model_dump(mode="json"))
    else:
        print(system.id)
    return EXIT_OK


def cmd_risk_add(args: argparse.Namespace) -> int:
    from aims_tui.domain.models import Risk
    from aims_tui.domain.risk import appetite_problem, assess_risk

    content = load_app_content()
    controls = list(dict.fromkeys(args.control or []))
    for control in controls:
        if control not in content.structure.controls:
            raise UsageError(f"--control {control}: not an Annex A control id (e.g. A.6.2.4); see 'aims soa ID'")
    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        matrix = store.settings(aid).matrix
        for flag, value in (("--likelihood", args.likelihood), ("--impact", args.impact)):
            if not 1 <= value <= matrix.size:
                raise UsageError(f"{flag} {value}: this assessment's matrix is {matrix.size}×{matrix.size}, "
                                 f"so use 1 to {matrix.size}")
        system = None
        if args.system:
            system = store.find_system(aid, args.system)
            if system is None:
                raise UsageError(f"--system {args.system!r}: no such AI system in this assessment; "
                                 "add it with 'aims system add'")
        fields: dict[str, Any] = dict(
            title=args.title, likelihood=args.likelihood, impact=args.impact, controls=controls,
            treatment=args.treatment, system_id=system.id if system else None,
            owner=args.owner or "", description=args.description or "", acceptance_reason=args.reason or "",
        )
        draft = Risk(id="-", assessment_id=aid, ref="This risk", **fields)
        problem = appetite_problem(draft, matrix, system)
        if problem:
            raise UsageError(f"{problem} (give one with --reason TEXT)")
        risk = store.add_risk(aid, **fields)
        assessed = assess_risk(risk, matrix, system)
    if args.json:
        _print_json(_risk_json(assessed))
    else:
        print(f"{risk.ref} score {assessed.score} {assessed.band.id}")
        if assessed.adjustment:  # the contract's first line stays as it was; the why follows
            print(f"  {assessed.adjustment}")
    return EXIT_OK


def _risk_json(a: Any) -> dict[str, Any]:
    r = a.risk
    return {
        "id": r.ref, "uid": r.id, "title": r.title, "system": a.system.name if a.system else None,
        "eu_act_reach": a.system.eu_act_reach if a.system else None,
        "likelihood": r.likelihood, "impact": a.impact, "impact_entered": r.impact,
        "impact_adjustment": a.adjustment, "score": a.score, "level": a.band.id,
        "treatment": r.treatment, "controls": r.controls, "owner": r.owner,
        "residual_score": a.residual_score, "residual_level": a.residual_band.id if a.residual_band else None,
        "above_appetite": a.above_appetite, "needs_acceptance_reason": a.needs_acceptance_reason,
    }


def cmd_risk_list(args: argparse.Namespace) -> int:
    from aims_tui.domain.risk import assess_risks

    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        assessed = assess_risks(store.engagement(aid))
    if args.json:
        _print_json([_risk_json(a) for a in assessed])
        return EXIT_OK
    for a in assessed:
        r = a.risk
        print(f"{r.ref}  {a.score:>2} {a.band.id:<8} {r.treatment:<8} {','.join(r.controls) or '-':<24} "
              f"{one_line(r.title)}" + (f" — {a.adjustment}" if a.adjustment else ""))
    return EXIT_OK


def cmd_soa(args: argparse.Namespace) -> int:
    from aims_tui.domain.soa import draft_soa, soa_blockers

    content = load_app_content()
    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        _up_to_date(store, content, aid)
        engagement = store.engagement(aid)
    entries = draft_soa(content, engagement)
    blockers = soa_blockers(content, engagement)
    if args.json:
        _print_json({"assessment_id": aid, "entries": [e.model_dump(mode="json") for e in entries],
                     "blockers": blockers})
        return EXIT_OK
    for e in entries:
        applicable = "yes" if e.applicable else "no "
        print(f"{e.control_id:<9} {applicable} {e.status or '-':<22} {','.join(e.linked_risks) or '-':<12} "
              f"{one_line(e.title)}")
    if blockers:
        print(f"\n{len(blockers)} item(s) block a final SoA:")
        for b in blockers:
            print(f"  - {one_line(b)}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from aims_tui import exports
    from aims_tui.store import internal_audit

    out = Path(args.out) if args.out else None
    template = Path(args.template) if args.template else None
    if args.encrypt and args.what != "bundle":
        raise UsageError("--encrypt applies to bundles: 'aims export bundle ID --encrypt'")
    if args.pdf and (args.what == "bundle" or (out is not None and out.suffix.lower() == ".csv")):
        raise UsageError("--pdf applies to the Word exports: 'aims export report|soa|audit-report ID --pdf'")
    kind = {"report": "report", "bundle": "bundle", "audit-report": "audit-report"}.get(args.what, "soa-docx")
    if args.what == "soa" and out is not None and out.suffix.lower() == ".csv":
        kind = "soa-csv"
    if template is not None and exports.EXPORT_KINDS[kind].uses_template:
        exports.check_template(template)  # before opening the database: a bad path costs nothing
    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        content = load_app_content()
        _up_to_date(store, content, aid)
        engagement = store.engagement(aid)
        bundle = store.export_bundle(aid) if kind == "bundle" else None
        audit = internal_audit.audit_records(store, aid) if kind == "audit-report" else None
    if args.encrypt:
        from aims_tui.exports.files import resolve_out
        from aims_tui.store.sealed_bundle import EXTENSION, write_sealed

        target = resolve_out(out, engagement, "bundle", EXTENSION)
        print(write_sealed(bundle, target, _needed(target, new=True)))  # type: ignore[arg-type]
        return EXIT_OK
    path = exports.export(kind, engagement, content, out, template=template, bundle=bundle, audit=audit)
    print(path)
    if args.pdf:  # after the .docx, which stays written if LibreOffice is missing or fails
        print(exports.write_pdf(path))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from aims_tui.store.bundle import read_bundle_file
    from aims_tui.store.sealed_bundle import is_sealed, read_sealed

    path = Path(args.bundle)
    bundle = read_sealed(path, _needed(path)) if is_sealed(path) else read_bundle_file(path)
    content = load_app_content()  # the bundle's question and control ids are checked against it
    with _open(args) as store:
        report = store.import_bundle(bundle, source=str(path), content=content)
    if args.json:
        _print_json({"assessment_id": report.assessment_id, "inserted": report.inserted, "updated": report.updated,
                     "unchanged": report.unchanged, "conflicts": report.conflicts,
                     "history_imported": report.history_imported})
    else:
        print("\n".join(one_line(line) for line in report.lines()))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    with _open(args) as store:
        report = store.verify()
    if args.json:
        _print_json({"ok": report.ok, "entries": report.entries, "head": report.head,
                     "problems": report.problems, "evidence": report.evidence_problems, "notes": report.notes})
    elif report.ok:
        print(f"ok: {report.entries} audit entries, chain head {report.head}")
        for line in report.notes:
            print(f"note: {one_line(line)}")
    else:
        for line in report.problems + report.evidence_problems:
            print(one_line(line), file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED


def cmd_questionnaires_check(args: argparse.Namespace) -> int:
    from aims_tui.domain.content_files import load_content

    builtin = builtin_questionnaires_dir()
    try:
        if args.paths:
            missing = [p for p in args.paths if not Path(p).is_file()]
            if missing:
                raise UsageError(f"{missing[0]}: no such file")
            content = load_content(builtin, only=[Path(p) for p in args.paths], collect=True)
        else:
            content = load_content(builtin, [user_questionnaires_dir()], collect=True)
    except ContentError as exc:
        for line in exc.messages:
            print(line, file=sys.stderr)
        return EXIT_CHECK_FAILED
    n_q = sum(len(q.questions) for q in content.questionnaires)
    print(f"ok: {len(content.questionnaires)} questionnaire(s), {n_q} questions, {len(content.catalogue)} catalogue risks")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# parser
# ---------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before and after the subcommand: people append flags at the end.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="assessment database file (default: $AIMS_DB, else the user data folder)")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="machine-readable output")

    parser = _Parser(prog="aims", parents=[common],
                     description="ISO/IEC 42001 AI management system gap assessments, offline.")
    parser.add_argument("--version", action="version", version=f"aims-tui {__version__}")
    parser.add_argument("--read-only", action="store_true",
                        help="open the file without writing anything to it (an auditor's view)")
    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, func: Callable, help_: str, parents=(common,)) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, parents=list(parents))
        p.set_defaults(func=func)
        return p

    p = add("demo", cmd_demo, "write a fictional client's engagement to a new file and open it")
    p.add_argument("--no-open", action="store_true", help="write the file and print its path only")

    p = add("new", cmd_new, "create an assessment; prints only its id")
    p.add_argument("--org", required=True)
    p.add_argument("--scope", required=True)
    p.add_argument("--assessor", action="append", metavar="NAME")
    p.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--kind", choices=ASSESSMENT_KINDS, default="gap")
    p.add_argument("--baseline", metavar="ID", help="the earlier assessment a follow-up measures against")
    p.add_argument("--encrypt", action="store_true",
                   help="a new --db file encrypted with a passphrase ($AIMS_PASSPHRASE, else asked twice)")
    for name, func, help_ in (
            ("encrypt", cmd_encrypt, "encrypt the --db file with a passphrase, in place (or to a new file with --out)"),
            ("decrypt", cmd_decrypt, "make the encrypted --db file plain, in place (or to a new file with --out)")):
        p = add(name, func, help_)
        p.add_argument("--out", metavar="NEW_FILE",
                       help="write a new file (must not exist) and leave the --db file as it is")

    add("list", cmd_list, "assessments, newest first", (common, as_json))
    add("questions", cmd_questions, "every question: id, clause/control ref, text", (common, as_json))

    p = add("answer", cmd_answer, "record the answer to one question", (common, as_json))
    p.add_argument("assessment_id", metavar="ID")
    p.add_argument("question_id", metavar="QUESTION_ID")
    p.add_argument("--status", required=True, choices=STATUSES)
    p.add_argument("--maturity", type=_level, metavar="N", help="0 (absent) to 5 (optimising)")
    p.add_argument("--notes")
    p.add_argument("--interviewee", action="append", metavar="NAME")

    p = add("system", lambda a: _usage("system", "add"), "the AI system inventory")
    system_sub = p.add_subparsers(dest="system_command", metavar="ACTION", parser_class=_Parser)
    p = system_sub.add_parser("add", help="register an AI system", parents=[common, as_json])
    p.set_defaults(func=cmd_system_add)
    p.add_argument("assessment_id", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--tier", choices=TIERS, default="unknown", help="EU AI Act tier")
    p.add_argument("--owner")
    p.add_argument("--purpose")
    p.add_argument("--role", default="deployer",
                   help="the organisation's role under the EU AI Act (provider, deployer, importer, distributor…)")
    p.add_argument("--supplier")
    p.add_argument("--eu-act", choices=EU_ACT_REACHES, default="unknown",
                   help="whether the EU AI Act reaches the system; only 'no' lifts its tier floor")
    p.add_argument("--eu-act-basis", metavar="TEXT",
                   help="why: placed on the EU market, put into service in the EU, output used in the EU…")

    p = add("risk", lambda a: _usage("risk", "add|list"), "the AI risk register")
    risk_sub = p.add_subparsers(dest="risk_command", metavar="ACTION", parser_class=_Parser)
    p = risk_sub.add_parser("add", help="add a risk; prints its id, score and level", parents=[common, as_json])
    p.set_defaults(func=cmd_risk_add)
    p.add_argument("assessment_id", metavar="ID")
    p.add_argument("--title", required=True)
    p.add_argument("--likelihood", type=_level, required=True, metavar="L")
    p.add_argument("--impact", type=_level, required=True, metavar="I")
    p.add_argument("--control", action="append", metavar="A.x.y")
    p.add_argument("--treatment", choices=TREATMENTS, default="mitigate")
    p.add_argument("--system", metavar="NAME")
    p.add_argument("--owner")
    p.add_argument("--description")
    p.add_argument("--reason", help="documented reason for accepting a risk at or above appetite")
    p = risk_sub.add_parser("list", help="the risk register, highest score first", parents=[common, as_json])
    p.set_defaults(func=cmd_risk_list)
    p.add_argument("assessment_id", metavar="ID")

    p = add("soa", cmd_soa, "the Statement of Applicability draft", (common, as_json))
    p.add_argument("assessment_id", metavar="ID")

    p = add("export", cmd_export, "write the gap report, the SoA (.docx or .csv) or a JSON bundle; prints the path")
    p.add_argument("what", choices=("report", "soa", "bundle", "audit-report"))
    p.add_argument("assessment_id", metavar="ID")
    p.add_argument("--out", metavar="PATH", help="file or folder to write (default: exports folder)")
    p.add_argument("--template", metavar="DOCX", help="a firm's .docx whose styles, header and footer to use")
    p.add_argument("--encrypt", action="store_true",
                   help="bundle only: an encrypted .aimsbundle file ($AIMS_PASSPHRASE, else asked twice)")
    p.add_argument("--pdf", action="store_true",
                   help="Word exports: also a PDF beside the .docx, contents with page numbers (needs LibreOffice)")

    p = add("import", cmd_import, "merge a bundle into --db; prints what merged", (common, as_json))
    p.add_argument("bundle", metavar="BUNDLE.json")

    add("verify", cmd_verify, "check the audit trail and evidence files; exit 1 naming the first bad entry",
        (common, as_json))

    p = add("questionnaires", lambda a: _usage("questionnaires", "check"), "questionnaire files")
    q_sub = p.add_subparsers(dest="q_command", metavar="ACTION", parser_class=_Parser)
    p = q_sub.add_parser("check", help="validate questionnaire files", parents=[common])
    p.set_defaults(func=cmd_questionnaires_check)
    p.add_argument("paths", nargs="*", metavar="PATH")
    _add_internal_audit_commands(sub, add, common, as_json)
    return parser


def _validation_line(exc: Any) -> str:
    """A pydantic error as one line in plain words: the field, what is wrong, the value given."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "value"
    value = err.get("input")
    if err["type"] == "string_too_short" and value == "":
        return f"{field}: must not be empty"
    return f"{field}: {err['msg'][0].lower() + err['msg'][1:]} (got {value!r})"


class _VisibleStream:
    """Everything the CLI prints goes through :func:`visible`: stored text never reaches the
    terminal as control sequences, ``--json`` included (its escapes stay valid JSON)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _VisibleStream(out), _VisibleStream(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors end here, with argparse's code
        return int(exc.code or 0)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"aims: error: {exc}", file=sys.stderr)
    except (StoreError, ContentError) as exc:
        print(f"aims: error: {exc}", file=sys.stderr)
    except BrokenPipeError:  # output piped into head & co.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # one line, never a traceback; exporters raise their own ExportError
        name = type(exc).__name__
        if name == "ExportError":
            print(f"aims: error: {exc}", file=sys.stderr)
        elif name == "ValidationError" and hasattr(exc, "errors"):  # pydantic, imported lazily
            print(f"aims: error: {_validation_line(exc)}", file=sys.stderr)
        elif os.environ.get("AIMS_DEBUG"):
            raise
        else:
            message = " ".join(str(exc).split()) or name
            print(f"aims: error: {message} ({name}; set AIMS_DEBUG=1 for details)", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return EXIT_USAGE
