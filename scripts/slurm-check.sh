#!/usr/bin/env bash
# Runs docs/SCALING.md's Slurm job arrays, as written there, on a single-node Slurm cluster
# started on this machine, and checks that the merged results are byte-identical to what one
# machine writes: a sharded 1,000,000-member ensemble and a sharded sweep.
#
# Needs root (it starts munged, slurmctld and slurmd) and Debian's slurm-wlm and munge
# (`apt-get install slurm-wlm munge`; with --install this script installs them). Everything it
# starts uses its own configuration, key, sockets, ports and state under a scratch folder, and
# is stopped at the end; nothing of a system Slurm or munge is touched.
#
#   scripts/slurm-check.sh [--install] [--keep]
#
# --keep leaves the scratch folder (logs, parts, results) for inspection. Exit code 0 when both
# merged results equal the single-machine ones, 1 when they differ, 2 when the cluster could not
# be set up.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
INSTALL=0
KEEP=0
for a in "$@"; do
  case "$a" in
    --install) INSTALL=1 ;;
    --keep) KEEP=1 ;;
    *) echo "usage: $0 [--install] [--keep]" >&2; exit 2 ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }
fail() { echo "slurm-check: $*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || fail "run as root: it starts munged, slurmctld and slurmd"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  [ "$INSTALL" = 1 ] || fail "slurm-wlm and munge are not installed (apt-get install slurm-wlm munge, or pass --install)"
  say "installing slurm-wlm and munge"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi
say "versions: $(slurmctld -V), $(munged -V 2>&1 | head -1)"

say "building steppe (release)"
cargo build --release --quiet
STEPPE=$REPO/target/release/steppe

WORK=$(mktemp -d /tmp/steppe-slurm.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then echo "scratch folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- the job scripts, extracted from docs/SCALING.md as written ----------------------------
# Each block follows a line `<!-- slurm-check: NAME -->` and is saved as NAME.
RUN=$WORK/submit
mkdir -p "$RUN/logs"
awk -v dir="$RUN" '
  /<!-- slurm-check: / { name = $3; next }
  name != "" && /^```/ { if (inside) { inside = 0; name = "" } else { inside = 1 }; next }
  inside { print > (dir "/" name) }
' docs/SCALING.md
for f in shards.sbatch submit-shards.sh sweep.sbatch submit-sweep.sh; do
  [ -s "$RUN/$f" ] || fail "docs/SCALING.md has no block marked slurm-check: $f"
done
# The submit folder is a checkout as the scripts expect: the binary, scenarios, seeds, experiments.
mkdir -p "$RUN/target/release"
ln -s "$STEPPE" "$RUN/target/release/steppe"
cp -r scenarios seeds experiments "$RUN/"

# --- munge with its own key and socket ----------------------------------------------------
say "starting munged, slurmctld and slurmd in $WORK"
mkdir -p "$WORK/munge" "$WORK/etc" "$WORK/log" "$WORK/spool/ctld" "$WORK/spool/d" "$WORK/run"
chmod 700 "$WORK/munge"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
SOCKET=$WORK/run/munge.socket
munged --force --key-file="$WORK/munge/munge.key" --socket="$SOCKET" \
  --pid-file="$WORK/run/munged.pid" --log-file="$WORK/log/munged.log" \
  --seed-file="$WORK/munge/munge.seed"
for _ in $(seq 50); do [ -s "$WORK/run/munged.pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$WORK/run/munged.pid")")

# --- a minimal slurm.conf for this host ---------------------------------------------------
HOST=$(hostname -s)
PORT=$((16817 + RANDOM % 1000))
# The node is declared with 16 CPUs so that the documented --cpus-per-task=8 fits on a small
# machine (config_overrides: Slurm trusts the file, the cores are shared).
cat > "$WORK/etc/slurm.conf" <<EOF
ClusterName=steppecheck
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
StateSaveLocation=$WORK/spool/ctld
SlurmdSpoolDir=$WORK/spool/d
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
MaxArraySize=1001
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=16 RealMemory=16000 State=UNKNOWN
PartitionName=check Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$WORK/etc/slurm.conf
slurmctld -f "$SLURM_CONF" -i
for _ in $(seq 100); do [ -s "$WORK/run/slurmctld.pid" ] && break; sleep 0.1; done
[ -s "$WORK/run/slurmctld.pid" ] || { cat "$WORK/log/slurmctld.log" >&2; fail "slurmctld did not start"; }
PIDS+=("$(cat "$WORK/run/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [ -s "$WORK/run/slurmd.pid" ] && break; sleep 0.1; done
[ -s "$WORK/run/slurmd.pid" ] || { cat "$WORK/log/slurmd.log" >&2; fail "slurmd did not start"; }
PIDS+=("$(cat "$WORK/run/slurmd.pid")")
for _ in $(seq 60); do
  state=$(sinfo -h -o %T 2>/dev/null || true)
  case "$state" in idle*|mix*|alloc*) break ;; esac
  sleep 1
done
sinfo
case "$(sinfo -h -o %T)" in idle*|mix*|alloc*) ;; *) tail -20 "$WORK/log/slurmd.log" >&2; fail "the node is not up";; esac

wait_for_queue() {
  local limit=$1 t=0
  while [ -n "$(squeue -h -o %i)" ]; do
    sleep 5; t=$((t + 5))
    if [ "$t" -ge "$limit" ]; then squeue >&2; fail "jobs still queued after ${limit}s"; fi
  done
}

# --- the two job arrays, submitted as the documentation says --------------------------------
cd "$RUN"
say "submitting the ensemble array and its merge (docs/SCALING.md)"
cat submit-shards.sh
bash submit-shards.sh
say "submitting the sweep array and its merge (docs/SCALING.md)"
cat submit-sweep.sh
bash submit-sweep.sh
squeue
start=$(date +%s)
wait_for_queue 3600
say "all jobs done in $(( $(date +%s) - start )) s; part files:"
ls parts | sed 's/^/  /'
grep -h . logs/* 2>/dev/null | sed 's/^/  log: /' | head -40 || true

# --- one machine, the same commands without shards ------------------------------------------
say "one machine: the same ensemble and sweep without shards"
ens=$(grep -o 'steppe run [^\\]*' shards.sbatch | head -1 | awk '{print $3}')
runs=$(grep -o -- '--runs [0-9]*' shards.sbatch | head -1 | awk '{print $2}')
exp=$(grep -o 'steppe sweep [^ ]*' sweep.sbatch | head -1 | awk '{print $3}')
start=$(date +%s)
"$STEPPE" run "$ens" --runs "$runs" --out single --quiet
"$STEPPE" sweep "$exp" --out single --quiet
say "one machine took $(( $(date +%s) - start )) s"

status=0
for d in "$(basename "$ens" .toml)" "sweep-$(basename "$exp" .toml)"; do
  if [ ! -d "output/$d" ]; then
    echo "FAIL: the cluster wrote no output/$d"; status=1; continue
  fi
  if diff -r "single/$d" "output/$d" >/dev/null; then
    echo "OK: output/$d from the cluster is byte-identical to one machine's ($(ls "output/$d" | wc -l) files)"
    (cd "output/$d" && sha256sum summary.json | sed 's/^/  /')
  else
    echo "FAIL: output/$d differs from one machine's:"; diff -rq "single/$d" "output/$d" || true; status=1
  fi
done
exit $status
