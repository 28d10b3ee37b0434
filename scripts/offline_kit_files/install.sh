#!/bin/sh
# Install aims-tui from this kit, with no network: check the kit, create a virtual environment,
# install only from ./wheels.   Usage: ./install.sh [VENV_DIR]   (Python: $PYTHON, else python3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
venv=${1:-"$HOME/.local/share/aims-tui/venv"}
"$python" "$here/verify_kit.py"
"$python" -m venv "$venv"
# No index, no configuration files of this machine: only the kit's wheels are used.
PIP_CONFIG_FILE=/dev/null "$venv/bin/python" -m pip install --quiet --no-index \
    --disable-pip-version-check --find-links "$here/wheels" "aims-tui[encrypt]"
"$venv/bin/aims" --version
echo "installed: $venv/bin/aims  (add $venv/bin to PATH, or run it by this path)"
