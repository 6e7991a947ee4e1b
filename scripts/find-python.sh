#!/usr/bin/env bash
# Prints the path of a Python >= 3.12: first on PATH (a user's machine), then in pyenv's folder.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for name in python3.14 python3.13 python3.12 python3 python; do
  path=$(command -v "$name" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
for path in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3.1[2-9]; do
  if [ -x "$path" ] && ok "$path"; then echo "$path"; exit 0; fi
done
echo "Fant ingen Python 3.12 eller nyere. Installer Python 3.12+ (python3.12 på PATH) og prøv igjen." >&2
exit 1
