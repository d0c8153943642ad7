"""The framework classifier: a RepoSnapshot in, a Label with file:line evidence out.

Decides the primary framework, code status and confidence of one repository from its manifests
(`extract/`, one parser per family), README and sampled imports. Pure: no network, no SQL, and it
never runs repository code (`setup.py` is read with `ast`).
"""

from analysis.classify.label import CLASSIFIER_VERSION, classify, select_files
from analysis.classify.local import SnapshotError, snapshot_from_dir

__all__ = ["CLASSIFIER_VERSION", "SnapshotError", "classify", "select_files", "snapshot_from_dir"]
