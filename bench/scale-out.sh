#!/usr/bin/env bash
# The same run on one server alone, then with its clients split over two servers sharing one
# local Redis (SPEC §9); prints the tool's rows plus what Redis did per chat line.
# usage: bench/scale-out.sh SCENARIO [options], e.g. fanout -n 100 -k 10 -m 2000, or connections -n 10000
# Nothing is pinned: on a 2-core machine the tool, two servers and Redis share both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build TinCanChat.Bench -c Release -nologo -v quiet -clp:ErrorsOnly </dev/null
out=TinCanChat.Bench/bin/Release/net10.0
scenario=${1:?usage: bench/scale-out.sh fanout|connections [options]}
shift
args=("$@")

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_seconds() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
calls() { redis-cli -p "$redis_port" info commandstats | awk -F'[:=,]' -v name="cmdstat_$1" '$1 == name { print $3 }' | head -1; }

echo "one server:"
dotnet "$out/TinCanChat.Bench.dll" "$scenario" "${args[@]}" 2>/dev/null | grep '^|'

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
pids+=($!); redis_pid=$!
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done

ports=()
for i in 1 2; do
    log=$(mktemp)
    dotnet "$out/TinCanChat.Server.dll" --host 127.0.0.1 --port 0 --max-clients 20000 --redis "127.0.0.1:$redis_port" >"$log" 2>&1 &
    pids+=($!)
    until grep -q 'Listening on' "$log"; do sleep 0.1; done
    ports+=(--port "$(grep -o 'Listening on .*:[0-9]*' "$log" | grep -o '[0-9]*$')")
done

redis_cpu=$(cpu_seconds "$redis_pid"); evals=$(calls evalsha); publishes=$(calls publish)
echo "two servers, one Redis:"
dotnet "$out/TinCanChat.Bench.dll" "$scenario" "${ports[@]}" --server-pid "${pids[1]}" "${args[@]}" 2>/dev/null | grep '^|'
redis_cpu=$(echo "$(cpu_seconds "$redis_pid") - $redis_cpu" | bc)
evals=$(( $(calls evalsha) - evals )); publishes=$(( $(calls publish) - publishes ))
echo "redis: CPU ${redis_cpu} s; script calls ${evals} (one per read of a sender, with all its lines), publishes ${publishes} (one per line, received once by each server)"
echo "servers CPU s: $(cpu_seconds "${pids[1]}") and $(cpu_seconds "${pids[2]}")"
