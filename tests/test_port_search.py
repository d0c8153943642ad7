"""find_ports end to end against the local replay server: every source, false friends, pacing."""

from __future__ import annotations

import asyncio
import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from huggingface_hub.hf_api import ModelInfo, RepoSibling

from analysis.classify.label import classify
from analysis.models import Paper, RepoRef, RepoSnapshot, TreeEntry
from analysis.ports.keras_registry import KerasRegistry, scan_keras_applications
from analysis.ports.ladder import best_level
from scraper.http.client import Http
from scraper.port_search.keras_hub import load_keras_registry
from scraper.port_search.search import (
    SearchPacer,
    fetch_hf_models,
    find_ports,
    issue_search_query,
    repo_search_queries,
)
from scraper.sources import hf
from tests.conftest import FIXTURES
from tests.replay import ReplayServer
from tests.source_helpers import FakeClock

ARXIV = "2201.03545"
TITLE = "A ConvNet for the 2020s"
PAPER = Paper(f"arxiv:{ARXIV}", TITLE, "test", arxiv_id=ARXIV)
OFFICIAL = RepoRef("facebookresearch", "ConvNeXt")
README = f"# ConvNeXt\nPaper: https://arxiv.org/abs/{ARXIV}\n".encode()
EMPTY_SEARCH = {"total_count": 0, "incomplete_results": False, "items": []}

# Candidate repositories as GitHub serves them: path -> bytes (code is classified, never run).
REPOS: dict[str, dict[str, bytes]] = {
    "sayakpaul/ConvNeXt-TF": {
        "README.md": README,
        "requirements.txt": b"tensorflow==2.8.0\n",
        "convnext/model.py": b"import tensorflow as tf\nfrom tensorflow import keras\n",
        "convert.py": b"import tensorflow as tf\nimport numpy as np\n",
    },
    "k3-ports/convnext-keras3": {
        "README.md": README,
        "requirements.txt": b"keras>=3.0\njax[cpu]\n",
        "convnext_keras/model.py": b"import keras\nfrom keras import layers, ops\n",
        "convnext_keras/blocks.py": b"import keras\n",
    },
    "torch-user/convnext-pytorch-reimpl": {
        "README.md": README,
        "requirements.txt": b"torch>=2.0\ntorchvision\n",
        "model.py": b"import torch\nimport torch.nn as nn\n",
        "train.py": b"import torch\nimport torchvision\n",
    },
    "mobile-dev/convnext-tflite": {
        "README.md": b"TFLite ConvNeXt (A ConvNet for the 2020s) for Android\n",
        "requirements.txt": b"tensorflow>=2.15\n",
        "export.py": b"import tensorflow as tf\n",
        "app/model.py": b"import tensorflow as tf\n",
    },
}
META = {"mobile-dev/convnext-tflite": {"full_name": "mobile-dev/convnext-tflite", "fork": False,
                                       "created_at": "2022-02-10T08:00:00Z"}}  # fmt: skip


def _fixture(name: str):
    return json.loads((FIXTURES / "ports" / name).read_text())


def serve_repo(server: ReplayServer, full: str, files: dict[str, bytes]) -> None:
    sha = hashlib.sha1(full.encode()).hexdigest()
    tree_sha = sha[::-1]
    commit = {"sha": sha, "html_url": f"https://github.com/{full}/commit/{sha}",
              "commit": {"tree": {"sha": tree_sha}, "committer": {"date": "2024-05-01T00:00:00Z"}}}  # fmt: skip
    tree = [{"path": p, "mode": "100644", "type": "blob", "size": len(b),
             "sha": hashlib.sha1(b).hexdigest()} for p, b in files.items()]  # fmt: skip
    server.add("GET", f"/api/repos/{full}/commits/HEAD", 200, commit)
    server.add("GET", f"/api/repos/{full}/git/trees/{tree_sha}", 200,
               {"sha": tree_sha, "truncated": False, "tree": tree})  # fmt: skip
    for path, data in files.items():
        server.add("GET", f"/raw/{full}/{sha}/{path}", 200, data)
    if full in META:
        server.add("GET", f"/api/repos/{full}", 200, META[full])


def serve_everything(server: ReplayServer) -> None:
    server.add("GET", "/hf/api/models", 200, _fixture("hf_models_arxiv_2201.03545.json"),
               query={"filter": f"arxiv:{ARXIV}"})  # fmt: skip
    server.add("GET", f"/hf/api/papers/{ARXIV}", 200, _fixture("hf_paper_2201.03545.json"))
    by_id, by_title = repo_search_queries(ARXIV, TITLE)
    server.add("GET", "/api/search/repositories", 200,
               _fixture("github_search_repos_2201.03545.json"), query={"q": by_id})  # fmt: skip
    server.add("GET", "/api/search/repositories", 200, EMPTY_SEARCH, query={"q": by_title})
    server.add("GET", "/api/search/issues", 200, _fixture("github_search_issues_convnext.json"),
               query={"q": issue_search_query(OFFICIAL)})  # fmt: skip
    for full, files in REPOS.items():
        serve_repo(server, full, files)


def official_snapshot() -> RepoSnapshot:
    files = {"main.py": b"import torch\nimport timm\n",
             "tools/serve.py": b"import onnxruntime as ort\nimport numpy as np\n"}  # fmt: skip
    paths = [*files, "export/tf/saved_model.pb", "export/tf/variables/variables.index"]
    tree = tuple(TreeEntry(p, "blob", sha=f"{i:040x}", size=10) for i, p in enumerate(paths))
    return RepoSnapshot(OFFICIAL, "abc123", tree, files)


def run_find(server: ReplayServer, registry: KerasRegistry | None, pacer: SearchPacer, **kw):
    async def go():
        async with Http(server.settings(github_token="test-token", max_retries=1)) as http:
            snap = official_snapshot()
            return await find_ports(http, PAPER, OFFICIAL, snap, classify(snap), registry,
                                    pacer=pacer, **kw)  # fmt: skip

    return asyncio.run(go())


@pytest.fixture(scope="module")
def apps() -> KerasRegistry:
    return scan_keras_applications()


@pytest.fixture(scope="module")
def found(apps):
    clock = FakeClock()
    with ReplayServer() as server:
        serve_everything(server)
        ports = run_find(server, apps, SearchPacer(clock=clock, sleep=clock.sleep))
        return {(p.source, p.url.replace("https://", ""), p.kind): p for p in ports}, server.log


def _level(found, source, url, kind):
    port = found[0][(source, url, kind)]
    return port.level, port.is_tf_port, port.first_seen


def test_every_source_contributes_a_port(found):
    sources = {key[0] for key in found[0]}
    assert sources == {"keras-applications", "official-repo", "hf-model", "github-search", "issues"}
    assert best_level(found[0].values()) == 5


def test_search_hits_are_classified_and_weights_decide_the_rung(found):
    # ConvNeXt-TF ships convert.py (weights converted): native TF, level 4. The Keras 3 repo
    # shows no ported weights: community code, level 2.
    assert _level(found, "github-search", "github.com/sayakpaul/ConvNeXt-TF", "tf-keras") == (
        4, True, date(2022, 1, 13))  # fmt: skip
    assert _level(found, "github-search", "github.com/k3-ports/convnext-keras3", "keras3") == (
        2, True, date(2024, 4, 2))  # fmt: skip


def test_hub_models_reach_analysis_as_modelinfo_and_known_links_skip_the_paper_page():
    linked = [hf.hub_model_record(ModelInfo(id="keras-io/convnext-tiny-keras", library_name="keras",
                                            createdAt="2024-09-12T08:00:00.000Z"))]  # fmt: skip
    with ReplayServer() as server:
        serve_everything(server)

        async def go():
            async with Http(server.settings(max_retries=1)) as http:
                return await fetch_hf_models(http, ARXIV, linked)

        models = asyncio.run(go())
        asked = [r.path for r in server.log if r.path.startswith("/hf/")]
    assert asked == ["/hf/api/models"]  # Paper.extra already had the linked models
    assert all(isinstance(m, ModelInfo) for m in models)
    by_id = {m.id: m for m in models}
    assert by_id["keras-io/convnext-tiny-keras"].created_at.year == 2024
    files = by_id["facebook/convnext-tiny-224"].siblings
    assert all(isinstance(f, RepoSibling) for f in files) and files


def test_repo_linked_from_an_official_issue_is_classified(found):
    port = found[0][("issues", "github.com/mobile-dev/convnext-tflite", "tf-keras")]
    assert (port.level, port.first_seen) == (4, date(2022, 2, 10))  # creation date from repo meta
    assert "issues/40" in port.evidence


def test_false_friends_are_not_ports_and_cheap_ones_are_never_fetched(found):
    urls = {key[1] for key in found[0]}
    for repo in ("torch-user/convnext-pytorch-reimpl", "tfport-fan/ConvNeXt",
                 "list-keeper/awesome-vision-backbones", "facebookresearch/ConvNeXt"):  # fmt: skip
        assert f"github.com/{repo}" not in urls
    fetched = {r.path for r in found[1]}
    assert "/api/repos/torch-user/convnext-pytorch-reimpl/commits/HEAD" in fetched  # classified
    for never in ("tfport-fan/ConvNeXt", "list-keeper/", "facebookresearch/", "tensorflow/"):
        assert not any(p.startswith(f"/api/repos/{never}") for p in fetched), never


def test_hub_models_from_list_and_paper_page(found):
    assert _level(
        found, "hf-model", "huggingface.co/facebook/convnext-tiny-224", "transformers-tf"
    )[:2] == (5, True)
    assert _level(found, "hf-model", "huggingface.co/keras-io/convnext-tiny-keras", "keras3")[
        :2
    ] == (5, True)
    assert _level(found, "hf-model", "huggingface.co/edge-lab/convnext-tiny-onnx", "onnx")[:2] == (
        1,
        True,
    )
    assert _level(found, "hf-model", "huggingface.co/litert-community/convnext-tiny", "tflite")[
        :2
    ] == (2, True)
    assert _level(found, "hf-model", "huggingface.co/OpenVINO/convnext-tiny-int8-ov", "openvino")[
        :2
    ] == (0, False)


def test_official_repo_signals_and_keras_applications(found):
    saved = "github.com/facebookresearch/ConvNeXt/blob/HEAD/export/tf/saved_model.pb"
    assert _level(found, "official-repo", saved, "savedmodel") == (2, True, None)
    ort = "github.com/facebookresearch/ConvNeXt/blob/HEAD/tools/serve.py"
    assert _level(found, "official-repo", ort, "onnxruntime") == (0, False, None)
    keras = "github.com/keras-team/keras/blob/HEAD/keras/src/applications/convnext.py"
    assert _level(found, "keras-applications", keras, "keras3") == (3, True, None)


def test_search_calls_are_paced_within_the_limit(apps):
    clock = FakeClock()
    with ReplayServer() as server:
        serve_everything(server)
        run_find(server, apps, SearchPacer(2, clock=clock, sleep=clock.sleep))
        searches = server.requests("/api/search/")
    assert len(searches) == 3 and clock.sleeps == [60.0]  # the third search waits for a slot


def test_pacer_allows_a_burst_then_spaces_calls():
    clock = FakeClock()
    pacer = SearchPacer(3, window=60, clock=clock, sleep=clock.sleep)

    async def calls(n: int) -> None:
        for _ in range(n):
            await pacer.wait()

    asyncio.run(calls(3))
    assert clock.sleeps == []
    asyncio.run(calls(4))
    # the 4th call waits for the first burst to age out; the 5th and 6th share that slot time
    assert clock.sleeps == [60.0, 60.0] and clock.now == 1120.0


def test_a_failing_source_does_not_lose_the_others(apps):
    clock = FakeClock()
    with ReplayServer() as server:
        serve_everything(server)
        server.inject("5xx", count=50, prefix="/hf/")
        ports = run_find(server, apps, SearchPacer(clock=clock, sleep=clock.sleep))
    sources = {p.source for p in ports}
    assert "hf-model" not in sources and {"github-search", "issues"} <= sources


def test_paper_without_arxiv_id_skips_hub_and_id_search(apps):
    clock = FakeClock()
    untitled = Paper("title:x", "Some Unknown Paper", "test")
    with ReplayServer() as server:

        async def go():
            async with Http(server.settings(github_token="t", max_retries=1)) as http:
                return await find_ports(http, untitled, None, None, None, apps,
                                        pacer=SearchPacer(clock=clock, sleep=clock.sleep))  # fmt: skip

        assert asyncio.run(go()) == []
        paths = [r.path for r in server.log]
    assert paths == ["/api/search/repositories"]  # title search only; 404 there means no ports


# --- KerasHub through PyPI -----------------------------------------------------------------------

_BACKBONE = b'''
@keras_hub_export("keras_hub.models.ConvNeXtBackbone")
class ConvNeXtBackbone(Backbone):
    """ConvNeXt. Reference: [A ConvNet for the 2020s](https://arxiv.org/abs/2201.03545)"""
'''


def _serve_pypi(server: ReplayServer, tmp_path: Path) -> bytes:
    wheel = tmp_path / "src.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("keras_hub/src/models/convnext/convnext_backbone.py", _BACKBONE)
    data = wheel.read_bytes()
    name = "keras_hub-0.99.0-py3-none-any.whl"
    server.add("GET", "/pypi/pypi/keras-hub/json", 200, {
        "info": {"name": "keras-hub", "version": "0.99.0"},
        "urls": [{"filename": "keras_hub-0.99.0.tar.gz", "packagetype": "sdist",
                  "url": f"{server.url}/files/keras_hub-0.99.0.tar.gz", "digests": {}},
                 {"filename": name, "packagetype": "bdist_wheel", "url": f"{server.url}/files/{name}",
                  "digests": {"sha256": hashlib.sha256(data).hexdigest()}}],
    })  # fmt: skip
    server.add("GET", f"/files/{name}", 200, data, headers={"Content-Type": "application/zip"})
    return data


def test_keras_hub_wheel_is_found_on_pypi_cached_and_matched(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGAP_CACHE", str(tmp_path / "cache"))
    clock = FakeClock()
    with ReplayServer() as server:
        _serve_pypi(server, tmp_path)
        for _ in range(2):  # a second run (new event loop) reuses the cached wheel
            ports = run_find(server, None, SearchPacer(clock=clock, sleep=clock.sleep))
        downloads = server.requests("/files/")
    hub = [p for p in ports if p.source == "keras-hub"]
    assert [(p.kind, p.level, p.url.rsplit("/", 1)[-1]) for p in hub] == [
        ("keras3", 3, "convnext")  # the model's folder
    ]
    assert "ConvNeXtBackbone" in hub[0].evidence and "0.99.0" in hub[0].evidence
    assert (tmp_path / "cache" / "keras_hub-0.99.0-py3-none-any.whl").exists()
    assert len(downloads) == 1


def test_unreachable_pypi_leaves_keras_applications_only(tmp_path):
    async def go():
        with ReplayServer() as server:
            async with Http(server.settings(max_retries=1)) as http:
                return await load_keras_registry(http, tmp_path)

    registry = asyncio.run(go())
    assert registry.lookup(ARXIV) and {m.source for m in registry.lookup(ARXIV)} == {
        "keras-applications"
    }
    assert list(tmp_path.iterdir()) == []


def test_wheel_with_a_wrong_checksum_is_not_used(tmp_path):
    async def go():
        with ReplayServer() as server:
            _serve_pypi(server, tmp_path)
            server.add("GET", "/files/keras_hub-0.99.0-py3-none-any.whl", 200, b"not the wheel")
            async with Http(server.settings(max_retries=1)) as http:
                return await load_keras_registry(http, tmp_path / "cache")

    registry = asyncio.run(go())
    assert "keras-hub" not in {m.source for m in registry.lookup(ARXIV)}
    assert not (tmp_path / "cache").exists()
