#!/usr/bin/env bash
# Times the XCall analyzers on a generated project of N handlers (default 1,000): their share of the build's compile time.
#
#   tests/XCall.Analyzers.Tests/Timing/time-analyzers.sh [handlers]
#
# Writes the project to a temp folder (the UserProject.csproj of the real-build test, with generated sources), builds the
# runtime, the generator and the analyzers it references in Release, then builds the project once with -p:ReportAnalyzer=true -v:d and
# prints the compiler's analyzer summary (time per analyzer). Handlers are 90% [CrossCall], 10% [IpiHandler]; each does a
# little arithmetic, a loop, a helper chain three calls deep and a cached lambda, and one in ten allocates or blocks.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
handlers="${1:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$root/tests/XCall.Analyzers.Tests/UserProject/UserProject.csproj" "$work/"
{
  cat <<'CS'
using System;
using System.Collections.Generic;
using System.Threading;
using XCall;

namespace Generated;

public struct Offer { public ulong Page; public int Count; }

public static class Helpers
{
    public static readonly int[] Table = new int[64];
    public static readonly object Gate = new();
    public static ulong Mix(ulong value) => Deep1(value) ^ (value >> 7);
    static ulong Deep1(ulong value) => Deep2(value * 31);
    static ulong Deep2(ulong value) => Deep3(value + 17);
    static ulong Deep3(ulong value) => value ^ (ulong)Table[(int)(value & 63)];
    public static int Count(ReadOnlySpan<int> values, Func<int, bool> test) { int n = 0; foreach (int v in values) if (test(v)) n++; return n; }
    public static List<int> Snapshot() => new List<int>(Table);
}
CS
  classes=$(( (handlers + 19) / 20 ))
  n=0
  for ((c = 0; c < classes; c++)); do
    echo "public static partial class Shard$c"
    echo "{"
    echo "    private static readonly int[] s_pages = new int[256];"
    echo "    private static ulong s_total;"
    for ((h = 0; h < 20 && n < handlers; h++, n++)); do
      if (( h % 10 == 9 )); then
        echo "    [IpiHandler($n)]"
        echo "    private static void OnOffer$n(in IpiContext ctx, in Offer offer) => s_total += offer.Page + (ulong)offer.Count;"
        continue
      fi
      case $(( n % 10 )) in
        3) extra='s_total += (ulong)new List<int>(4).Capacity;' ;;
        5) extra='lock (Helpers.Gate) { s_total++; }' ;;
        7) extra='s_total += (ulong)Helpers.Snapshot().Count;' ;;
        *) extra='s_total++;' ;;
      esac
      cat <<CS
    [CrossCall(CallMode.Sync)]
    private static ulong Handler$n(ulong address, int pages)
    {
        ulong sum = Helpers.Mix(address);
        foreach (int page in s_pages) sum += (ulong)page;
        for (int i = 0; i < pages; i++) s_pages[i & 255] += i;
        sum += (ulong)Helpers.Count(s_pages, static page => page > $n);
        $extra
        return Scale(sum);
        static ulong Scale(ulong value) => value * 3;
    }
CS
    done
    echo "}"
  done
} > "$work/Handlers.cs"

dotnet build "$root/src/Generator/XCall.Generator.csproj" -c Release --nologo -v:q
dotnet build "$root/src/Analyzers/XCall.Analyzers.csproj" -c Release --nologo -v:q
dotnet build "$root/src/Runtime/XCall.csproj" -c Release -f net8.0 --nologo -v:q

cd "$work"
command=(dotnet build UserProject.csproj -c Release --nologo --disable-build-servers "-p:XCallRoot=$root/"
  -p:BuildProjectReferences=false -p:ReportAnalyzer=true -v:d)
start=$(date +%s.%N)
"${command[@]}" > build.log 2>&1 || { tail -n 40 build.log; exit 1; }
end=$(date +%s.%N)

echo "Generated $handlers handlers; command (in the project folder): ${command[*]}"
echo "Whole build: $(echo "$end - $start" | bc) s; warnings reported: $(grep -cE '): warning XC[0-9]{4}' build.log | awk '{print $1/2}')"
# The compiler's summary (csc, -p:ReportAnalyzer=true): total analyzer time, then the XCall assembly and each of its analyzers.
grep -E 'Total analyzer execution time|^ +Time \(s\) +% +Analyzer$|^ +<?[0-9.]+ +<?[0-9]+ +XCall\.Analyzers' build.log \
  | sed -E 's/^ +/  /; s/ \(XC[0-9, XC]+\)$//'
