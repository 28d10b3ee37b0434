"""A burst writer for the reliability tests: writes answers and prints "ack QID N" after each
commit returns. Run as: python writer.py DB ASSESSMENT_ID PREFIX COUNT"""

import os
import sys

from aims_tui.store import Store

QUESTIONS = ["4.1-q1", "4.2-q1", "5.1-q1", "5.2-q1", "6.1.2-q1", "7.2-q1", "8.1-q1", "9.1-q1", "A.2.2-q1", "A.7.4-q1"]


def main() -> None:
    db, aid, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = Store.open(db, actor=f"writer-{prefix}", passphrase=os.environ.get("AIMS_PASSPHRASE"))
    for n in range(count):
        qid = QUESTIONS[n % len(QUESTIONS)] if prefix == "shared" else f"{QUESTIONS[n % len(QUESTIONS)]}"
        status = ("met", "partial", "not-met")[n % 3]
        store.set_answer(aid, qid, status=status, notes=f"{prefix}:{n}", maturity=n % 6)
        print(f"ack {qid} {n}", flush=True)


if __name__ == "__main__":
    main()
