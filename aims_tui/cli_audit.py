"""Internal audits on the command line (issue 14): findings as nonconformity statements,
corrective actions and their verification, the internal audit report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any, Callable

from aims_tui.cli_common import (
    EXIT_OK,
    UsageError,
    _assessment_id,
    _iso_date,
    _open,
    _Parser,
    _print_json,
    _usage,
    load_app_content,
)
from aims_tui.domain.wording import one_line

def _yes_no(text: str) -> bool:
    if text.lower() in ("yes", "no"):
        return text.lower() == "yes"
    raise argparse.ArgumentTypeError(f"invalid value {text!r}: use yes or no")


def _finding_json(f: Any, action_ids: list[str]) -> dict[str, Any]:
    return {"id": f.id, "type": f.type, "ref": f.ref, "question": f.question_id, "evidence": f.evidence,
            "text": f.text, "actions": action_ids}


def cmd_finding_add(args: argparse.Namespace) -> int:
    from aims_tui.store import internal_audit

    content = load_app_content()
    if args.ref not in content.structure:
        raise UsageError(f"--ref {args.ref!r}: not a clause or Annex A control id (e.g. 6.1.2 or A.6.2.4)")
    if args.question is not None and not content.has_question(args.question):
        raise UsageError(f"--question {args.question!r}: unknown question id; run 'aims questions' to list them")
    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        found = internal_audit.add_finding(store, aid, ref=args.ref, type=args.type, text=args.text,
                                           evidence=args.evidence or "", question_id=args.question)
    print(found.id)
    return EXIT_OK


def cmd_finding_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        findings, actions = store.findings(aid), store.actions(aid)
    linked = {f.id: [a.id for a in actions if a.finding_id == f.id] for f in findings}
    if args.json:
        _print_json([_finding_json(f, linked[f.id]) for f in findings])
        return EXIT_OK
    for f in findings:
        print(f"{f.id}  {f.type:<11} {f.ref or '-':<9} {one_line(f.text)}"
              + (f"  [actions: {', '.join(linked[f.id])}]" if linked[f.id] else ""))
    if not findings:
        print("no findings yet: add one with 'aims finding add ID --ref REF --type TYPE --text T'", file=sys.stderr)
    return EXIT_OK


def cmd_action_add(args: argparse.Namespace) -> int:
    from aims_tui.store import internal_audit

    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        fields: dict[str, Any] = {"owner": args.owner or "", "due": args.due, "root_cause": args.root_cause or "",
                                  "correction": args.correction or ""}
        if args.priority:
            fields["priority"] = args.priority
        act = internal_audit.add_corrective_action(store, aid, title=args.title, finding_id=args.finding, **fields)
    print(act.id)
    return EXIT_OK


def cmd_action_verify(args: argparse.Namespace) -> int:
    from aims_tui.domain.internal_audit import ACTION_STATE_LABELS, action_state
    from aims_tui.store import internal_audit

    with _open(args) as store:
        act = internal_audit.verify_action(store, args.action_id, effective=args.effective, by=args.by,
                                           note=args.note or "")
    print(f"{act.id}  {ACTION_STATE_LABELS[action_state(act)].lower()}")
    return EXIT_OK


def cmd_action_list(args: argparse.Namespace) -> int:
    from aims_tui.domain.internal_audit import action_summary

    with _open(args) as store:
        aid = _assessment_id(store, args.assessment_id)
        rows = [action_summary(a, date.today()) for a in store.actions(aid)]
    if args.json:
        _print_json(rows)
        return EXIT_OK
    for r in rows:
        flags = " OVERDUE" if r["overdue"] else ""
        print(f"{r['id']}  {r['state']:<21} {r['due'] or '-':<10} {one_line(r['owner'] or '-'):<14} "
              f"{one_line(r['title'])}{flags}")
    if not rows:
        print("no actions yet: add one with 'aims action add ID --title T'", file=sys.stderr)
    return EXIT_OK


def _add_internal_audit_commands(sub: Any, add: Callable, common: argparse.ArgumentParser,
                                 as_json: argparse.ArgumentParser) -> None:
    from aims_tui.domain.vocabulary import FINDING_TYPES, PRIORITIES

    p = add("finding", lambda a: _usage("finding", "add|list"), "internal audit findings")
    finding_sub = p.add_subparsers(dest="finding_command", metavar="ACTION", parser_class=_Parser)
    p = finding_sub.add_parser("add", help="record a finding; prints its id", parents=[common])
    p.set_defaults(func=cmd_finding_add)
    p.add_argument("assessment_id", metavar="ID")
    p.add_argument("--ref", required=True, help="the requirement: clause or control id (6.1.2, A.6.2.4)")
    p.add_argument("--type", required=True, choices=FINDING_TYPES)
    p.add_argument("--text", required=True, help="what was found")
    p.add_argument("--evidence", help="the objective evidence the finding rests on")
    p.add_argument("--question", metavar="QID", help="the question whose answer revealed it")
    p = finding_sub.add_parser("list", help="the findings of an assessment", parents=[common, as_json])
    p.set_defaults(func=cmd_finding_list)
    p.add_argument("assessment_id", metavar="ID")

    p = add("action", lambda a: _usage("action", "add|verify|list"), "remediation and corrective actions")
    action_sub = p.add_subparsers(dest="action_command", metavar="ACTION", parser_class=_Parser)
    p = action_sub.add_parser("add", help="raise an action; prints its id", parents=[common])
    p.set_defaults(func=cmd_action_add)
    p.add_argument("assessment_id", metavar="ID")
    p.add_argument("--title", required=True)
    p.add_argument("--finding", metavar="FID", help="the finding this corrective action answers")
    p.add_argument("--owner", metavar="N")
    p.add_argument("--due", type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--priority", choices=PRIORITIES, metavar="P", help="high, medium or low")
    p.add_argument("--root-cause", metavar="T")
    p.add_argument("--correction", metavar="T", help="what was done at once to contain the nonconformity")
    p = action_sub.add_parser("verify", help="record whether an action was effective", parents=[common])
    p.set_defaults(func=cmd_action_verify)
    p.add_argument("action_id", metavar="ACTION_ID")
    p.add_argument("--effective", required=True, type=_yes_no, metavar="yes|no")
    p.add_argument("--by", required=True, metavar="NAME")
    p.add_argument("--note", metavar="T")
    p = action_sub.add_parser("list", help="actions with status, verification and overdue flag",
                              parents=[common, as_json])
    p.set_defaults(func=cmd_action_list)
    p.add_argument("assessment_id", metavar="ID")
