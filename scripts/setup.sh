#!/usr/bin/env bash
# Installs what citynet needs from Debian's packages; does nothing when all is there.
# Usage: scripts/setup.sh [--with-simgrid] [--with-mpi] [--with-fuzz]
#   SimGrid: only for the comparison benchmark; OpenMPI: `mpirun citynet sweep` (-DCITYNET_MPI=ON);
#   clang 14 and its libFuzzer runtime: the fuzz harnesses (scripts/fuzz.sh)
# (Python with matplotlib and pandas is always installed: the plots and their test use it.)
set -euo pipefail

packages=(cmake g++ make libboost-graph-dev libeigen3-dev libyaml-cpp-dev libcli11-dev libfmt-dev
          libgtest-dev libgmock-dev libbenchmark-dev python3 python3-matplotlib python3-pandas)
for arg in "$@"; do
  case "$arg" in
    --with-simgrid) packages+=(libsimgrid-dev) ;;
    --with-mpi) packages+=(openmpi-bin libopenmpi-dev) ;;
    --with-fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    *) echo "setup.sh: unknown option '$arg'; expected --with-simgrid, --with-mpi or --with-fuzz" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "setup.sh: missing packages; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
