import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The catalogue's source parsers live with the script that regenerates rules/; the tests reuse them.
sys.path.insert(0, str(ROOT / "scripts"))
