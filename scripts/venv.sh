# Sourced by the other scripts: create .venv with Python 3.11 and install the
# given requirements file, again only when it changed.
ensure_venv() {
  local requirements=$1
  if [ ! -x .venv/bin/python ]; then
    local python=${PYTHON:-}
    if [ -z "$python" ]; then
      for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
          "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
          python=$candidate
          break
        fi
      done
    fi
    if [ -z "$python" ]; then
      echo "error: Python 3.11 is required (python3.11 not found). Install it, or set PYTHON=/path/to/python3.11." >&2
      exit 1
    fi
    echo "==> Creating .venv with $($python --version)"
    "$python" -m venv .venv
  fi
  local stamp
  stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$requirements")"
  if [ ! -f "$stamp" ]; then
    echo "==> Installing $requirements into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    touch "$stamp"
  fi
}
