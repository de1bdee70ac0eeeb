/*
 * protocol.pml: ONE unsafe operation (an order, a withdrawal) through resolute's verify-before-resend protocol
 * with a durable journal, as issue 11 (deliverables 1-2) and DESIGN.md section 6 define it:
 *
 *   record the intent (durably) -> send -> on an ambiguous failure (504, reset, timeout after sending) verify:
 *   applied -> settled applied; absent -> resend with the SAME operation id; unknown -> check again, or give up
 *   (IndeterminateError, entry stays pending) -> settle the outcome in the journal (KEPT for a retention window,
 *   queryable by outcomeOf) -> deliver it to the caller -> mark it delivered.
 *   reconcilePending (two at once, in two processes) verifies each pending entry once, settles applied/absent,
 *   never resends, and reports settled-but-undelivered outcomes.
 *   A crash (SIGKILL) may happen at any step; a restarted process runs reconcilePending.
 *
 * Checked by scripts/check-model.sh (SPIN 6.5, exhaustive). README.md beside this file says what is proven and
 * what is assumed. Every step names the code it stands for (file and function); `outcomeOf` and the
 * delivered mark are added by issue 11 deliverable 1 (the journal work), the names here follow that plan.
 *
 * Properties (assertions, all checked in every reachable state or end state):
 *   P0  an intent is durable in the journal before any send leaves                (client, at each send)
 *   P1  never two effects for one operation id                                    (network, at each landing)
 *   P2  every applied effect is eventually reported: to the caller, by a reconcilePending report, or by
 *       outcomeOf after a restart                                                  (init, at the end)
 *   P2k with retention: the journal itself keeps the applied outcome (outcomeOf answers it)  (init, at the end)
 *   P3  every report is true: nothing is reported "not applied" (caller, reconcile report, outcomeOf) for an
 *       operation that has an effect, nor "applied" for one without; two settles of one entry never contradict
 *       each other                                                                 (init at the end; j_settle)
 *   PD  an outcome is marked delivered only after the caller's promise settled     (j_mark_delivered)
 * "Eventually" (P2) is made checkable by bounding the environment's misbehaviour: at most MAXCRASH crashes, at
 * most MAXUNK `unknown` lookups, at most MAXJFAIL journal failures, every message in the network eventually lands
 * or is lost. Then every execution is finite (scripts/check-model.sh proves it: no cycle at all, `pan -l`) and
 * ends in a valid end state (no deadlock: pan's end-state check), where P2/P3 are asserted.
 */

/* ---- configuration switches (spin -DNAME=value) ---------------------------------------------------------- */

/* The exchange refuses a second request carrying an already-applied client id (Orderly -1007 DUPLICATE_REQUEST). */
#ifndef DEDUPE
#define DEDUPE 1
#endif
/* The verify hook answers `absent` only when proven (DESIGN 6: the lookup covers the moment of the send and the
 * settle time has passed, so nothing sent can still land). 0: `absent` is only true at the moment it is answered
 * (a lookup that lags may say absent while the first send is still in flight and lands later). */
#ifndef PROVEN_ABSENT
#define PROVEN_ABSENT 1
#endif
/* Settled outcomes are kept (retention window) and queryable by outcomeOf. 0: settle deletes the entry, the
 * behaviour before issue 11 (redis-journal.ts settle: HDEL + ZREM) -- UNSAFE (b). */
#ifndef RETENTION
#define RETENTION 1
#endif
/* 1: resend on an ambiguous failure without verifying, as axios-retry does -- UNSAFE (a). */
#ifndef BLIND_RESEND
#define BLIND_RESEND 0
#endif
/* 1: a reconciler in another process (or a reconcilePending call in the same one) runs while the operation's
 * owner is still running it. */
#ifndef RECONCILE_LIVE
#define RECONCILE_LIVE 0
#endif
/* reconcilePending never settles `absent` while the entry's owner may still send it (src/executor/reconcile.ts):
 * in the owner's own process it skips the operations the executor is still running (live.ts); in another process
 * it may verify the entry and settle `applied` at once (final), but settles `absent` only once the owner's deadline
 * (recorded with the intent) plus settleMs has passed: after its deadline the owner sends no more (send.ts), alive
 * or not. Modelled as: `absent` is settled only once the owner is done, dead, or past its last send (`nomore`);
 * else it is reported unknown and stays pending. 0: absent is settled whenever verify says so -- UNSAFE with
 * RECONCILE_LIVE. */
#ifndef OWNER_CHECK
#define OWNER_CHECK 1
#endif
/* 1: the reconciler reads the clock after the lookup answered, not before it began -- UNSAFE with RECONCILE_LIVE:
 * a lookup that began before the owner's send and answered `absent` after its deadline settles an applied order
 * absent. */
#ifndef CLOCK_AFTER_LOOKUP
#define CLOCK_AFTER_LOOKUP 0
#endif
/* 1: the profile says the exchange dedupes (`profile.dedupes`, src/policy/dedupe.ts): an ambiguous failure is resent
 * at once with the same id instead of verified; until an answer is certain the request stays in doubt (a duplicate
 * refusal, or any refusal, is verified; out of attempts it is verified). Safe only with DEDUPE. */
#ifndef RESEND_ON_DEDUPE
#define RESEND_ON_DEDUPE 0
#endif
/* 1 (with RESEND_ON_DEDUPE): a refusal of a resend while an earlier send is unproven is taken as final ("failed"),
 * as a plain refusal is -- UNSAFE: the earlier send may still land and apply. */
#ifndef REFUSAL_FINAL
#define REFUSAL_FINAL 0
#endif
/* Only check P1 (to show what deduplication alone buys when `absent` is not proven). */
#ifndef ONLY_P1
#define ONLY_P1 0
#endif

/* ---- bounds (one operation, small) ------------------------------------------------------------------------ */
#ifndef NSEND
#define NSEND 2      /* maxAttempts: sends of the one logical request, the first included */
#endif
#ifndef NCHECK
#define NCHECK 2     /* verifyChecks: lookups per verify round before IndeterminateError */
#endif
#ifndef MAXCRASH
#define MAXCRASH 2   /* SIGKILLs over the whole run (any process); then the application stays up (fairness) */
#endif
#ifndef MAXUNK
#define MAXUNK 2     /* lookups answering `unknown` over the whole run; then verify answers (fairness) */
#endif
#ifndef MAXJFAIL
#define MAXJFAIL 1   /* journal calls that fail (reject) over the whole run; then the journal works (fairness) */
#endif

/* ---- the exchange and the network ------------------------------------------------------------------------ */
mtype = {
  F_IDLE,      /* not sent */
  F_FLY,       /* sent, in the network: may land at any later moment, even after the sender gave up or died */
  F_OK,        /* landed and applied: the answer is a 2xx (if it still reaches the sender) */
  F_DUP,       /* landed, refused as a duplicate of an applied client id (-1007): no effect */
  F_REJ,       /* landed, refused for good (a 4xx such as insufficient balance): no effect */
  F_LOST       /* never landed (lost in the network, or the exchange dropped it) */
};
mtype flight[NSEND] = F_IDLE;  /* what became of each send */
byte nfly;                     /* sends still in the network */
byte effects;                  /* effects the exchange applied for this operation id (its ledger) */
bool xapplied;                 /* the exchange holds an order with this client id */

/* ---- the journal (durable: survives every crash) ---------------------------------------------------------- */
mtype = {
  J_NONE,      /* no entry */
  J_PENDING,   /* intent recorded, outcome unknown: listed by pending() */
  J_SETTLED,   /* outcome settled, kept for the retention window: outcomeOf answers it */
  J_GONE       /* settled and deleted (RETENTION 0): nothing can be learned from the journal any more */
};
mtype = {
  O_NONE,
  O_SUCCEEDED, /* the send's own answer said applied (run.ts succeed) */
  O_APPLIED,   /* verify found it applied */
  O_ABSENT,    /* verify proved it absent (reconcile only: the executor resends instead) */
  O_FAILED     /* known not applied: refused for good, or absent with no attempt left */
};
#define APPLIEDCLASS(o) ((o) == O_SUCCEEDED || (o) == O_APPLIED)

mtype jst = J_NONE;  /* the entry's state */
mtype jout = O_NONE; /* the settled outcome */
bool jdelivered;     /* the outcome reached its caller (marked after the caller's promise settled) */
byte jfails;         /* journal failures so far (bounded by MAXJFAIL) */

/* ---- lookups (the verify hook) ---------------------------------------------------------------------------- */
mtype = { L_UNKNOWN, L_APPLIED, L_ABSENT };
byte unknowns;       /* lookups that answered unknown so far (bounded by MAXUNK) */

/* ---- the processes, crashes, and what the application was told (ghost state) ------------------------------ */
mtype = {
  T_NONE,      /* the caller's promise has not settled */
  T_OK,        /* resolved with the response (or the reconciled response): applied */
  T_NOT,       /* rejected with a typed "not applied" error (PermanentError, RetriesExhaustedError) */
  T_IND,       /* rejected with IndeterminateError: in doubt, the entry stays pending */
  T_JERR       /* rejected with JournalError: the intent was not recorded, nothing was sent */
};
mtype told = T_NONE; /* the caller's promise */
bool rep_applied;    /* the application was told "applied" (caller, reconcile report, or outcomeOf) */
bool rep_not;        /* the application was told "not applied" */
byte crashes;
bool killA;          /* SIGKILL of the process running the operation */
bool kill[2];        /* SIGKILL of the process running reconciler 0 (the restarted one) or 1 (another one) */
bool adone;
bool nomore;         /* the owner's deadline has passed: it sends no more (send.ts refuses to send after it) */
bool rdone[2];
bool restart;

/* ---- the network: each send lands (or is lost) at any moment after it left -------------------------------
 * Code: the exchange (src/testing/exchange.ts in tests); nothing of ours runs here. */
inline land(i) {
  nfly--;
  if
  :: flight[i] = F_LOST; printf("exchange: send %d never lands\n", i + 1)
  :: DEDUPE && xapplied -> flight[i] = F_DUP; printf("exchange: send %d refused as a duplicate (-1007), no effect\n", i + 1)
  :: !(DEDUPE && xapplied) -> effects++; xapplied = true; flight[i] = F_OK;
     printf("exchange: send %d APPLIED (effects = %d)\n", i + 1, effects);
     assert(effects <= 1)                                                           /* P1 */
  :: !(DEDUPE && xapplied) -> flight[i] = F_REJ; printf("exchange: send %d refused for good (4xx), no effect\n", i + 1)
  fi
}

active proctype network() {
end:
  do
  :: atomic { flight[0] == F_FLY -> land(0) }
  :: atomic { flight[1] == F_FLY -> land(1) }
#if NSEND > 2
  :: atomic { flight[2] == F_FLY -> land(2) }
#endif
  od
}

/* ---- the journal: one atomic step per call (a call's write is durable once it happened) -------------------
 * Code: src/journal/types.ts Journal; file-journal-impl.ts (group-commit.ts: write + fdatasync before the promise
 * resolves) and redis-journal.ts (one Lua script per call, AOF checked). A failing call rejects; its write may or may not have
 * happened (fsync error after the write, a Redis reply lost after EXEC). */

/* Journal.record: idempotent per operation id. */
inline j_record(ok) {
  atomic {
    if
    :: jfails < MAXJFAIL -> jfails++; ok = false;
       if
       :: jst == J_NONE -> jst = J_PENDING; printf("journal: record rejects (its write happened)\n")
       :: printf("journal: record rejects (nothing written)\n")
       fi
    :: ok = true; if :: jst == J_NONE -> jst = J_PENDING :: else -> skip fi; printf("journal: intent recorded\n")
    fi
  }
}

inline j_write_settle(o) {
  if
  :: jst == J_PENDING ->
#if RETENTION
     jst = J_SETTLED; jout = o; printf("journal: settled %e (kept)\n", o)
#else
     jst = J_GONE; printf("journal: settled %e, entry DELETED\n", o)
#endif
  :: jst == J_SETTLED -> assert(ONLY_P1 || APPLIEDCLASS(jout) == APPLIEDCLASS(o)) /* P3: a second settle is ignored, never contradicts */
  :: else -> skip
  fi
}

/* Journal.settle: pending -> settled (kept for the retention window). */
inline j_settle(o, ok) {
  atomic {
    if
    :: jfails < MAXJFAIL -> jfails++; ok = false;
       if
       :: printf("journal: settle rejects (its write happened)\n"); j_write_settle(o)
       :: printf("journal: settle rejects (nothing written)\n")
       fi
    :: ok = true; j_write_settle(o)
    fi
  }
}

/* Marks the settled outcome delivered (issue 11 deliverable 1). A failure leaves it undelivered: reconcile reports it again. */
inline j_mark_delivered() {
  atomic {
    assert(told != T_NONE);                                                           /* PD */
    if
    :: jfails < MAXJFAIL -> jfails++; printf("journal: mark delivered rejects\n")
    :: if :: jst == J_SETTLED -> jdelivered = true; printf("journal: marked delivered\n") :: else -> skip fi
    fi
  }
}

/* ---- the owner's deadline (run.deadlineAt, recorded with the intent) -------------------------------------------
 * It passes at any moment; after it the owner sends no more (send.ts) and verifies no more (verify-flow.ts), and a
 * reconciler may settle `absent` (reconcile.ts, plus settleMs). `nomore` is read only at those three points, so
 * letting it pass, nondeterministically, in the same atomic step as each read gives every behaviour a free-running
 * deadline process would, in far fewer states. Only with RECONCILE_LIVE: otherwise reconcilers start once the
 * owner is done or dead, and the deadline changes nothing they see. */
inline pass_deadline() {
#if RECONCILE_LIVE
  if
  :: !nomore -> nomore = true; printf("deadline: passes\n")
  :: skip
  fi
#else
  skip
#endif
}

/* ---- the verify hook: one lookup at the exchange, by operation id ------------------------------------------
 * Code: the user's verify hook, e.g. src/verify/lookups.ts verifyByLookup / lookups.orderly(); `applied` is final
 * at once; `unknown` for a 5xx, a timeout, a lookup that lags; `absent` only when proven (PROVEN_ABSENT). */
inline lookup(r) {
  atomic {
    if
    :: unknowns < MAXUNK -> unknowns++; r = L_UNKNOWN
    :: xapplied -> r = L_APPLIED
#if PROVEN_ABSENT
    :: !xapplied && nfly == 0 -> r = L_ABSENT     /* settle time passed: nothing sent can still land */
#else
    :: !xapplied -> r = L_ABSENT                  /* true now; a send still in flight may land later */
#endif
    fi;
    printf("lookup: %e\n", r)
  }
}

/* The caller's promise settles (run.ts runRequest resolves or rejects). */
inline deliver(o) {
  atomic {
    if
    :: APPLIEDCLASS(o) -> told = T_OK; rep_applied = true; printf("caller: gets the response (applied)\n")
    :: else -> told = T_NOT; rep_not = true; printf("caller: gets a typed error: not applied\n")
    fi
  }
}

/* ---- the executor running the operation: src/executor/run.ts runRequest ------------------------------------ */
proctype client() {
  byte s;      /* run.sends */
  bool doubt;  /* state.ts run.earlierInDoubt: an earlier send was resent under deduplication, unproven */
  byte n;      /* verify-flow.ts verifyFlow: check number */
  mtype r;
  mtype o;
  bool ok;
  {
    /* run.ts journalIntent -> Journal.record, awaited before the first send. */
    j_record(ok);
    if
    :: !ok -> told = T_JERR; printf("caller: JournalError, nothing sent\n"); goto fin  /* deliverable 2 */
    :: else -> skip
    fi;
send:
    /* send.ts send (first send: run.ts runRequest; later ones: run.ts sendWithPlan). Past the deadline nothing
     * is sent: DeadlineExceededError, and nothing is in doubt (every earlier send was proven absent). The deadline
     * check and the send are one step here; in the code they are microseconds apart, well inside settleMs. */
    atomic {
      pass_deadline();
      if
      :: nomore && !doubt -> printf("client: deadline passed, nothing sent\n"); o = O_FAILED; goto settle
      :: nomore && doubt -> told = T_IND; printf("caller: IndeterminateError (deadline, an earlier send unproven)\n"); goto fin /* terminal.ts giveUp */
      :: else -> skip
      fi;
      assert(jst != J_NONE);                                                          /* P0 */
      flight[s] = F_FLY; nfly++; s++; printf("client: send %d leaves\n", s)
    }
    /* The answer to this send, or an ambiguous failure (504, reset, timeout after sending: send.ts -> plan.ts
     * plan -> classify verdict `verify`). The ambiguous branch is always open: the answer may be lost after the
     * exchange applied the send (504-after), or come before it lands. */
    if
    :: flight[s - 1] == F_OK -> printf("client: answer 2xx to send %d\n", s); o = O_SUCCEEDED; goto settle /* run.ts succeed */
    :: flight[s - 1] == F_REJ && (!doubt || REFUSAL_FINAL) -> printf("client: answer 4xx to send %d\n", s); o = O_FAILED; goto settle /* plan.ts -> terminal.ts permanent, giveUp */
    :: flight[s - 1] == F_REJ && doubt && !REFUSAL_FINAL -> printf("client: 4xx to a resend in doubt: verify\n"); goto verify /* dedupe.ts: fail -> verify */
    :: flight[s - 1] == F_DUP -> printf("client: -1007 after a resend\n"); goto verify /* profiles/orderly.ts rule, dedupe.ts -> verify */
    :: printf("client: ambiguous failure after send %d\n", s)
    fi;
#if RESEND_ON_DEDUPE
    /* plan.ts decide -> dedupe.ts: verify becomes retry with the same id; out of attempts it is verified (plan.ts retry). */
    doubt = true;
    if
    :: s < NSEND -> printf("client: resends at once with the same id (dedupes)\n"); goto send
    :: else -> skip
    fi;
#endif
#if BLIND_RESEND
    /* UNSAFE (a): resend at once, no verify (axios-retry's retryCondition on a POST). */
    if
    :: s < NSEND -> goto send
    :: else -> told = T_IND; goto fin
    fi;
#endif
verify:
    /* verify-flow.ts verifyFlow: up to verifyChecks lookups */
    n = 0;
    do
    :: n < NCHECK ->
       atomic {
         pass_deadline();
         if
         :: nomore -> told = T_IND; printf("caller: IndeterminateError (deadline), entry stays pending\n"); goto fin
         :: else -> skip
         fi
       }
       n++;
       lookup(r);
       if
       :: r == L_APPLIED -> o = O_APPLIED; goto settle                                /* settle 'applied', reconciled response */
       :: r == L_ABSENT && s < NSEND -> doubt = false; printf("client: absent, resends with the same id\n"); goto send /* run.resent */
       :: r == L_ABSENT && s >= NSEND -> o = O_FAILED; goto settle                    /* exhausted: RetriesExhaustedError */
       :: r == L_UNKNOWN -> skip                                                      /* check again later */
       fi
    :: else ->
       /* verify-flow.ts giveUpIn -> terminal.ts giveUp: in doubt, NOT settled; IndeterminateError */
       told = T_IND; printf("caller: IndeterminateError, entry stays pending\n"); goto fin
    od;
settle:
    /* run.ts succeed / verify-flow.ts / terminal.ts giveUp -> Journal.settle. If it fails the outcome is still
     * delivered and the entry stays pending (deliverable 2). */
    j_settle(o, ok);
    deliver(o);
    /* after the caller's promise settled: mark delivered (deliverable 1) */
    if
    :: ok -> j_mark_delivered()
    :: else -> skip
    fi;
fin:
    skip
  } unless { killA };
  adone = true
}

/* ---- src/executor/reconcile.ts reconcilePending: one pass ------------------------------------------------- */
proctype reconciler(byte who) {
  bool pend;
  bool undeliv;
  mtype uo;
  mtype r;
  bool ok;
  bool ra;
  bool rn;
  bool late;   /* the owner's deadline had passed when the lookup began (reconcile.ts reads the clock before verifying) */
  {
    /* Journal.pending() (and the settled-but-undelivered list): a snapshot, may be stale by the next step */
    atomic {
      pend = (jst == J_PENDING);
      undeliv = (jst == J_SETTLED && !jdelivered); uo = jout
    }
    if
    :: pend ->
       /* reconcile.ts reads the clock, then verifyOnce: `late` here, at the lookup's moment, allows more than the
        * code (which reads it before the lookup began), so what is proven here holds for the code. */
#if CLOCK_AFTER_LOOKUP
       lookup(r);                                                                     /* UNSAFE: the clock read after */
       atomic { pass_deadline(); late = (adone || killA || nomore) };
#else
       atomic { pass_deadline(); late = (adone || killA || nomore); lookup(r) }       /* reconcile.ts verifyOnce */
#endif
       if
       :: r == L_APPLIED -> j_settle(O_APPLIED, ok); ra = true                        /* final at once, owner alive or not */
#if OWNER_CHECK
       :: r == L_ABSENT && late -> j_settle(O_ABSENT, ok); rn = true                  /* never resent */
       :: r == L_ABSENT && !late -> skip                                              /* its owner may still send: unknown */
#else
       :: r == L_ABSENT -> j_settle(O_ABSENT, ok); rn = true                          /* never resent */
#endif
       :: r == L_UNKNOWN -> skip                                                      /* reported in doubt, stays pending */
       fi
    :: else -> skip
    fi;
    if
    :: undeliv && APPLIEDCLASS(uo) -> ra = true                                       /* settled, never delivered */
    :: undeliv && !APPLIEDCLASS(uo) -> rn = true
    :: else -> skip
    fi;
    /* reconcilePending resolves: the application holds the reports */
    atomic {
      rep_applied = rep_applied || ra; rep_not = rep_not || rn;
      printf("reconciler %d: reports (applied %d, not applied %d)\n", who, ra, rn)
    }
  } unless { kill[who] };
  rdone[who] = true
}

/* ---- the application: runs the operation, dies, restarts, reconciles -------------------------------------- */
init {
  atomic {
    run client();
#if RECONCILE_LIVE
    run reconciler(1);
#endif
  }
  /* SIGKILL at any step of the first process (this choice interleaves with every step of client()) */
  if
  :: crashes < MAXCRASH -> atomic { crashes++; killA = true; printf("CRASH of the process running the operation\n") }
  :: skip
  fi;
  adone;
#if RECONCILE_LIVE
  rdone[1];
#endif
  restart = killA;
  /* After a crash: the restarted process runs reconcilePending, and another process runs one at the same time
   * (two reconcilers at once, redisJournal). Either may be killed too; then a further restart. */
  do
  :: restart ->
     atomic {
       restart = false; kill[0] = false; kill[1] = false; rdone[0] = false; rdone[1] = false;
       printf("restart: two reconcilers\n");
       run reconciler(0); run reconciler(1)
     }
     if
     :: crashes < MAXCRASH -> atomic { crashes++; kill[0] = true; restart = true; printf("CRASH of reconciler 0\n") }
     :: skip
     fi;
     if
     :: crashes < MAXCRASH -> atomic { crashes++; kill[1] = true; restart = true; printf("CRASH of reconciler 1\n") }
     :: skip
     fi;
     rdone[0] && rdone[1]
  :: else -> break
  od;
  /* Fairness from here: the application stays up and reconciles what is in doubt (again later, until verify
   * answers). Bounded: each pass settles the entry, or uses up an `unknown` or a journal failure. */
  do
  :: jst == J_PENDING ->
     atomic { kill[0] = false; rdone[0] = false; run reconciler(0) };
     rdone[0]
  :: else -> break
  od;
  /* Every send has landed or is lost (the settle time has passed). */
  nfly == 0;
  /* The application asks executor.outcomeOf(operationId) (deliverable 1), then the checks. */
  atomic {
    if
    :: jst == J_SETTLED && APPLIEDCLASS(jout) -> rep_applied = true
    :: jst == J_SETTLED && !APPLIEDCLASS(jout) -> rep_not = true
    :: else -> skip
    fi;
    printf("end: effects %d, journal %e %e, application told applied %d, told not applied %d\n",
           effects, jst, jout, rep_applied, rep_not);
#if !ONLY_P1
    assert(effects == 0 || rep_applied);                                              /* P2 */
    assert(!rep_not || effects == 0);                                                 /* P3 */
    assert(!rep_applied || effects > 0);                                              /* P3 */
#if RETENTION
    assert(effects == 0 || (jst == J_SETTLED && APPLIEDCLASS(jout)));                 /* P2k */
#endif
#endif
    skip
  }
}
