"""Every UI string, English and Korean, in one table (`STRINGS`), and the session's language.

Korean is the lesson's language; English is the default. Keys are identical in both languages (a
test checks it). Values are `str.format` templates; placeholders must match across languages too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

LANGS: dict[str, str] = {"en": "English", "ko": "한국어"}
LANG_KEY = "lang"


def init_lang() -> None:
    """Seed the language from `?lang=ko` once per session; the sidebar radio owns it afterwards."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", "en")
        st.session_state[LANG_KEY] = wanted if wanted in LANGS else "en"


def sync_query_param() -> None:
    """Keep `?lang=` in the address bar so a reload or a shared link keeps the language."""
    st.query_params["lang"] = st.session_state[LANG_KEY]


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "en")
    return value if value in LANGS else "en"


def t(key: str, lang_code: str | None = None, **values: object) -> str:
    """The string `key` in the session's language (or `lang_code`), formatted with `values`."""
    table = STRINGS[lang_code or lang()]
    text = table.get(key, STRINGS["en"].get(key, key))
    return text.format(**values) if values else text


def value_key(value: object) -> str:
    """The table key for a data value (framework, slice, code status): `v_` + a safe slug."""
    return "v_" + re.sub(r"[^a-z0-9]+", "_", str(value).lower()).strip("_")


def value_label(value: object, lang_code: str | None = None) -> str:
    """A data value as users read it (`pytorch` -> `PyTorch`); unknown values pass through."""
    key = value_key(value)
    return t(key, lang_code) if key in STRINGS["en"] else str(value)


def labeler(prefix: str | None = None) -> Callable[[object], str]:
    """A widget `format_func` bound to the current language (it may be called outside a run).

    With `prefix`, values map to the keys `prefix + str(value)`; else through `value_label`.
    """
    code = lang()
    if prefix is None:
        return lambda v: value_label(v, code)
    return lambda v: t(f"{prefix}{v}", code)


# key -> (English, Korean). Markdown is allowed here: these strings are ours, never the web's.
TABLE: dict[str, tuple[str, str]] = {
    # --- frame -----------------------------------------------------------------------------------
    "language": ("Language / 언어", "언어 / Language"),
    "nav_overview": ("Overview", "개요"),
    "nav_papers": ("Papers", "논문"),
    "nav_exercise": ("Exercise", "연습 문제"),
    "nav_method": ("Method", "방법"),
    "nav_export": ("Export", "내보내기"),
    "nav_backend_lab": ("Backend lab", "백엔드 실험실"),
    "sidebar_db": ("Database", "데이터베이스"),
    "sidebar_no_db": ("(not found)", "(찾을 수 없음)"),
    "no_db": (
        "No database at `{path}`. Build the bundled snapshot with `make snapshot`, or fetch fresh "
        "data with `python -m scraper refresh`, then reload. Another file: "
        "`streamlit run dashboard/app.py -- --db PATH` or `CVGAP_DB=PATH`.",
        "`{path}`에 데이터베이스가 없어요. `make snapshot`으로 번들 스냅샷을 만들거나 "
        "`python -m scraper refresh`로 새 데이터를 받은 뒤 새로고침하세요. 다른 파일을 쓰려면 "
        "`streamlit run dashboard/app.py -- --db PATH` 또는 `CVGAP_DB=PATH`.",
    ),
    "db_unreadable": (
        "The file `{path}` could not be read as a cv-framework-gap snapshot. Rebuild it with "
        "`make snapshot` or `python -m scraper refresh`, or point `--db` at another file.",
        "`{path}` 파일을 cv-framework-gap 스냅샷으로 읽을 수 없어요. `make snapshot`이나 "
        "`python -m scraper refresh`로 다시 만들거나 `--db`로 다른 파일을 지정하세요.",
    ),
    # --- values (frameworks, slices, statuses) ---------------------------------------------------
    "v_pytorch": ("PyTorch", "PyTorch"),
    "v_tensorflow": ("TensorFlow", "TensorFlow"),
    "v_jax": ("JAX", "JAX"),
    "v_keras": ("Keras 3", "Keras 3"),
    "v_paddle": ("PaddlePaddle", "PaddlePaddle"),
    "v_mindspore": ("MindSpore", "MindSpore"),
    "v_mxnet": ("MXNet", "MXNet"),
    "v_jittor": ("Jittor", "Jittor"),
    "v_oneflow": ("OneFlow", "OneFlow"),
    "v_megengine": ("MegEngine", "MegEngine"),
    "v_mlx": ("MLX", "MLX"),
    "v_other": ("Something else", "그 밖의 것"),
    "v_no_code_yet": ("no code yet", "아직 코드 없음"),
    "v_unknown": ("unknown", "알 수 없음"),
    "v_none_dl": ("no DL framework", "DL 프레임워크 없음"),
    "v_no_code": ("no code", "코드 없음"),
    "v_no_official_code": ("no official code", "공식 코드 없음"),
    "v_released": ("released", "공개됨"),
    "v_placeholder": ("placeholder (no code yet)", "자리만 있음 (아직 코드 없음)"),
    "v_missing": ("repo missing", "저장소 없음"),
    "v_unlabelled": ("not labelled yet", "아직 분류 안 됨"),
    "v_none": ("no official repo", "공식 저장소 없음"),
    "v_ok": ("fetched", "가져옴"),
    # --- Overview --------------------------------------------------------------------------------
    "overview_title": (
        "Which framework does CV research ship in?",
        "CV 연구 코드는 어떤 프레임워크로 나올까?",
    ),
    "overview_intro": (
        "For every paper in the snapshot: the framework of its **official** code (read from "
        "imports and manifests, with evidence), and whether a TensorFlow / Keras / LiteRT way to "
        "deploy it exists. That distance is the lesson's research-vs-production gap.",
        "스냅샷의 논문마다 **공식** 코드의 프레임워크(import와 매니페스트에서 읽고 근거를 남김)와 "
        "TensorFlow / Keras / LiteRT로 배포할 길이 있는지를 봐요. 그 거리가 이 lesson이 말하는 "
        "research-vs-production 격차예요.",
    ),
    "cv_only": ("CV papers only", "CV 논문만"),
    "cv_only_help": (
        "Primary arXiv category cs.CV, or published at a CV venue (CVPR, ICCV, ECCV, "
        "WACV, BMVC, ACCV, 3DV).",
        "arXiv 주 분류가 cs.CV이거나 CV 학회(CVPR, ICCV, ECCV, WACV, BMVC, ACCV, 3DV) 논문.",
    ),
    "overview_empty": (
        "No papers in this scope yet. Turn off *CV papers only*, or run "
        "`python -m scraper refresh`.",
        "이 범위에는 아직 논문이 없어요. *CV 논문만*을 끄거나 "
        "`python -m scraper refresh`를 실행하세요.",
    ),
    "m_papers": ("Papers", "논문"),
    "m_official": ("With official code", "공식 코드 있음"),
    "m_released": ("Code released", "코드 공개됨"),
    "m_no_code_yet": ("No code yet", "아직 코드 없음"),
    "m_no_code_yet_help": (
        'The official repo exists but holds no code yet ("code coming soon").',
        '공식 저장소는 있지만 아직 코드가 없어요("code coming soon").',
    ),
    "m_unknown": ("Unknown", "알 수 없음"),
    "m_unknown_help": (
        "Not labelled yet, repo gone, or the classifier could not tell.",
        "아직 분류 전이거나, 저장소가 사라졌거나, 분류기가 판단하지 못했어요.",
    ),
    "gap_heading": ("The research-vs-production gap", "연구-배포 격차"),
    "gap_metric": ("Gap", "격차"),
    "gap_help": (
        "Share of papers with released official code in a known framework that is not "
        "TensorFlow/Keras and has no port at ladder level 3 or higher.",
        "공식 코드가 공개됐고 프레임워크가 알려진 논문 중, TensorFlow/Keras가 아니면서 "
        "사다리 3단계 이상의 포트도 없는 논문의 비율.",
    ),
    "gap_explain": (
        "**{num}** of **{den}** papers: official code released in a known framework other than "
        "TensorFlow/Keras, with no Keras 3 / TF reimplementation or hosted TF artifact "
        "(port level >= 3). Ports close the gap for **{closed}** more. Not in the denominator: "
        "**{yet}** with no code yet and **{unknown}** unknown.",
        "**{den}**편 중 **{num}**편: 공식 코드가 TensorFlow/Keras가 아닌 프레임워크로 공개됐고, "
        "Keras 3 / TF 재구현이나 호스팅된 TF 아티팩트(포트 3단계 이상)도 없어요. "
        "**{closed}**편은 포트 덕분에 격차가 메워졌어요. 분모에서 뺀 것: 아직 코드 없음 "
        "**{yet}**편, 알 수 없음 **{unknown}**편.",
    ),
    "gap_evidence": (
        "Port evidence: papers with a port at level >= 3",
        "포트 근거: 3단계 이상 포트가 있는 논문",
    ),
    "shares_heading": ("Framework shares", "프레임워크 점유율"),
    "trends_heading": ("Trends", "추이"),
    "ports_overview_heading": ("Ports", "포트"),
    "overview_footer": (
        "Snapshot {date} · classifier {version} · charts: Export page",
        "스냅샷 {date} · 분류기 {version} · 차트 내려받기: 내보내기 페이지",
    ),
    # --- Papers ----------------------------------------------------------------------------------
    "papers_title": ("Papers", "논문"),
    "search": ("Search titles", "제목 검색"),
    "search_hint": ("e.g. diffusion, segmentation, 3D", "예: diffusion, segmentation, 3D"),
    "has_port": ("Port", "포트"),
    "choose": ("any", "전체"),
    "port_filter_0": ("any", "전체"),
    "port_filter_1": ("has a port (level >= 1)", "포트 있음 (1단계 이상)"),
    "port_filter_3": ("closes the gap (level >= 3)", "격차를 메움 (3단계 이상)"),
    "page": ("Page", "페이지"),
    "papers_found": (
        "Matching papers: {n} · page {page} of {pages}",
        "조건에 맞는 논문 {n}편 · {pages}쪽 중 {page}쪽",
    ),
    "papers_none": ("No paper matches these filters.", "이 조건에 맞는 논문이 없어요."),
    "page_past_end": ("There are only {pages} pages.", "페이지는 {pages}쪽까지 있어요."),
    "paper_pick": ("Show a paper", "논문 자세히 보기"),
    "paper_gone": ("This paper is no longer in the snapshot.", "이 논문은 이제 스냅샷에 없어요."),
    "col_title": ("Title", "제목"),
    "col_venue": ("Venue", "학회"),
    "col_year": ("Year", "연도"),
    "col_published": ("Published", "공개일"),
    "col_framework": ("Framework", "프레임워크"),
    "col_code_status": ("Code status", "코드 상태"),
    "col_confidence": ("Confidence", "신뢰도"),
    "col_best_port": ("Best port level", "최고 포트 단계"),
    "col_repo": ("Official repo", "공식 저장소"),
    "col_paper_id": ("Paper id", "논문 ID"),
    "col_file": ("File", "파일"),
    "col_line": ("Line", "줄"),
    "col_package": ("Package / module", "패키지 / 모듈"),
    "col_kind": ("Kind", "종류"),
    "col_detail": ("Detail", "세부"),
    "col_level": ("Level", "단계"),
    "col_ladder": ("Ladder", "사다리"),
    "col_source": ("Found via", "찾은 곳"),
    "col_url": ("URL", "URL"),
    "col_evidence": ("Evidence", "근거"),
    "col_first_seen": ("First seen", "처음 발견"),
    "best_port": ("Best port", "최고 포트"),
    "official_repo": ("Official code", "공식 코드"),
    "no_repo": (
        "No official repository is linked to this paper.",
        "이 논문에 연결된 공식 저장소가 없어요.",
    ),
    "no_label": ("Not labelled ({status}).", "분류되지 않음 ({status})."),
    "open_github": ("Open on GitHub", "GitHub에서 열기"),
    "open_arxiv": ("Open on arXiv", "arXiv에서 열기"),
    "label_primary": ("Label", "라벨"),
    "label_confidence": ("Confidence", "신뢰도"),
    "label_status": ("Code status", "코드 상태"),
    "label_version": ("Classifier {version} · commit {commit}", "분류기 {version} · 커밋 {commit}"),
    "ports_heading": ("Ports on the ladder", "사다리 위의 포트"),
    "no_ports": (
        "No port found: nothing on the ladder yet (level 0).",
        "찾은 포트가 없어요: 아직 사다리에 아무것도 없음 (0단계).",
    ),
    "ladder_0": ("0 · none", "0 · 없음"),
    "ladder_1": ("1 · ONNX only", "1 · ONNX만"),
    "ladder_2": (
        "2 · converted artifact (TFLite/SavedModel)",
        "2 · 변환된 아티팩트 (TFLite/SavedModel)",
    ),
    "ladder_3": ("3 · Keras 3 reimplementation", "3 · Keras 3 재구현"),
    "ladder_4": ("4 · native TF/Keras reimplementation", "4 · TF/Keras 네이티브 재구현"),
    "ladder_5": ("5 · hosted TF artifact", "5 · 호스팅된 TF 아티팩트"),
    # --- Exercise --------------------------------------------------------------------------------
    "exercise_title": (
        "Exercise: one paper, one framework, one port",
        "연습 문제: 논문 하나, 프레임워크 하나, 포트 하나",
    ),
    "exercise_intro": (
        "The lesson's exercise: take a CV paper from the last six months, check which framework "
        "its official implementation uses, then search for a TF port. Guess first, then reveal.",
        "이 lesson의 연습 문제: 최근 6개월 안의 CV paper 아무거나 골라서 공식 구현이 어떤 "
        "framework인지 확인하고, TF port가 있는지 찾아봐. 먼저 맞혀 보고, 그다음에 공개!",
    ),
    "score": ("Your score (saved on this computer)", "내 점수 (이 컴퓨터에 저장됨)"),
    "new_paper": ("Another paper", "다른 논문"),
    "exercise_empty": (
        "The snapshot has no recent CV paper with released, labelled code.",
        "스냅샷에 코드가 공개되고 분류된 최근 CV 논문이 없어요.",
    ),
    "exercise_older": (
        "No labelled paper in the last 6 months of the snapshot: showing the last {months} months.",
        "스냅샷의 최근 6개월에 분류된 논문이 없어서 최근 {months}개월에서 골랐어요.",
    ),
    "exercise_undated": (
        "This paper has no publication date: {venue} dates it (at the conference's usual month).",
        "이 논문은 공개일이 없어서 {venue} 개최 시기를 기준으로 최근 논문인지 판단했어요.",
    ),
    "step1": ("1 · A recent CV paper", "1 · 최근 CV 논문"),
    "step2": ("2 · Your guess", "2 · 내 추측"),
    "guess": (
        "Which framework is the official code written in?",
        "공식 코드는 어떤 프레임워크로 작성됐을까?",
    ),
    "reveal": ("Reveal", "정답 보기"),
    "step3": ("3 · What the code says", "3 · 코드가 말하는 답"),
    "guess_right": (
        "Right: the official code is {framework}.",
        "정답! 공식 코드는 {framework}예요.",
    ),
    "guess_wrong": (
        "Not quite: the official code is {framework}.",
        "아쉬워요. 공식 코드는 {framework}예요.",
    ),
    "evidence_caption": (
        "{n} evidence lines from the classifier (file, line, package):",
        "분류기가 찾은 근거 {n}줄 (파일, 줄, 패키지):",
    ),
    "step4": (
        "4 · Is there a TF port, and what does it mean for deployment?",
        "4 · TF 포트가 있을까? 배포에는 무슨 뜻일까?",
    ),
    "deploy_native": (
        "The official code already is TensorFlow/Keras: export a SavedModel for TF Serving, convert "
        "to LiteRT (TFLite) for phones or to TF.js for the browser. No gap here.",
        "공식 코드가 이미 TensorFlow/Keras예요. SavedModel로 내보내 TF Serving에 올리거나, "
        "폰용 LiteRT(TFLite), 브라우저용 TF.js로 변환하면 돼요. 격차 없음.",
    ),
    "deploy_port": (
        "The official code is not TF/Keras, but a Keras 3 or TensorFlow port exists (level >= 3). "
        "Deploy through the port, after checking that its weights and accuracy match the paper.",
        "공식 코드는 TF/Keras가 아니지만 Keras 3나 TensorFlow 포트가 있어요(3단계 이상). "
        "가중치와 정확도가 논문과 맞는지 확인한 뒤 포트로 배포하면 돼요.",
    ),
    "deploy_partial": (
        "Only an ONNX export or a converted artifact exists (level 1-2). A LiteRT file may be "
        "reachable with converters (onnx2tf, ai-edge-torch), but expect unsupported ops and no "
        "trainable TF code: this paper is still in the gap.",
        "ONNX 내보내기나 변환된 아티팩트만 있어요(1-2단계). 변환기(onnx2tf, ai-edge-torch)로 "
        "LiteRT 파일까지는 갈 수 있겠지만, 지원되지 않는 op이 나오기 쉽고 학습 가능한 TF 코드는 "
        "없어요. 아직 격차 안쪽이에요.",
    ),
    "deploy_none": (
        "No port found. To ship this on TF Serving, LiteRT or TF.js you would port it yourself "
        "(rewrite in Keras 3, or convert: ai-edge-torch for PyTorch, jax2tf for JAX). This is the "
        "research-vs-production gap the lesson talks about.",
        "포트가 없어요. TF Serving, LiteRT, TF.js로 내보내려면 직접 옮겨야 해요(Keras 3로 다시 "
        "짜거나, PyTorch는 ai-edge-torch, JAX는 jax2tf로 변환). 이게 바로 lesson이 말하는 "
        "research-vs-production 갈림길이에요.",
    ),
    # --- Method ----------------------------------------------------------------------------------
    "method_title": ("Method", "방법"),
    "method_labels": (
        "### How a paper gets its label\n"
        "1. **Papers and code links.** Hugging Face Papers, the arXiv API, curated lists and CVF "
        "pages report papers and candidate code links, each with where it came from. A link "
        "counts as *official* only with evidence: the authors linked it, or a curated list names "
        "it as the paper's code.\n"
        "2. **The repository.** Its tree at the head commit, every dependency manifest, the README "
        "and a bounded sample of `.py`/`.ipynb` files are fetched. Repository code is never run.\n"
        "3. **The classifier** parses manifests (requirements, conda, pyproject, setup.py, "
        "Dockerfile), README install lines and Python/notebook imports, and maps packages to "
        "frameworks through a table. Imports outweigh manifests, manifests outweigh the README; "
        "incidental uses (TensorBoard, `tf.data` loaders) do not flip a PyTorch label. Every label "
        "keeps its evidence lines (file, line, package).\n"
        "4. **Ports.** Hugging Face models linked to the paper, GitHub search hits classified by the "
        "same classifier (forks excluded), `keras.applications`/KerasHub models citing the arXiv "
        "id, and converter signatures in the official repo, each placed on the ladder: "
        "0 none, 1 ONNX only, 2 converted artifact, 3 Keras 3 reimplementation, 4 native TF/Keras, "
        "5 hosted TF artifact.",
        "### 논문의 라벨은 이렇게 정해져요\n"
        "1. **논문과 코드 링크.** Hugging Face Papers, arXiv API, 큐레이션 목록, CVF 페이지가 "
        "논문과 코드 링크 후보를 출처와 함께 알려줘요. 근거가 있을 때만 *공식*으로 봐요: 저자가 "
        "직접 링크했거나, 큐레이션 목록이 그 논문의 코드라고 적은 경우.\n"
        "2. **저장소.** head 커밋의 트리, 모든 의존성 매니페스트, README, 그리고 정해진 수만큼의 "
        "`.py`/`.ipynb` 파일을 가져와요. 저장소 코드는 절대 실행하지 않아요.\n"
        "3. **분류기**는 매니페스트(requirements, conda, pyproject, setup.py, Dockerfile), README의 "
        "설치 줄, Python/노트북 import를 읽고 표를 따라 패키지를 프레임워크로 바꿔요. import가 "
        "매니페스트보다, 매니페스트가 README보다 무거워요. 부수적인 사용(TensorBoard, `tf.data` "
        "로더)은 PyTorch 라벨을 뒤집지 않아요. 모든 라벨은 근거 줄(파일, 줄, 패키지)을 남겨요.\n"
        "4. **포트.** 논문에 연결된 Hugging Face 모델, 같은 분류기로 분류한 GitHub 검색 결과(포크 "
        "제외), arXiv ID를 인용하는 `keras.applications`/KerasHub 모델, 공식 저장소 안의 변환기 "
        "흔적을 찾아 사다리에 올려요: 0 없음, 1 ONNX만, 2 변환된 아티팩트, 3 Keras 3 재구현, "
        "4 TF/Keras 네이티브, 5 호스팅된 TF 아티팩트.",
    ),
    "method_gap": (
        "### The gap\n"
        "**Numerator:** papers whose released official code is in a known framework other than "
        "TensorFlow or Keras, with no port at level 3 or higher. **Denominator:** papers whose "
        "official code is released in a known framework. Papers with no code yet and unknown "
        "labels are shown beside it, never silently counted.",
        "### 격차\n"
        "**분자:** 공식 코드가 TensorFlow/Keras가 아닌 알려진 프레임워크로 공개됐고 3단계 이상 "
        "포트가 없는 논문. **분모:** 공식 코드가 알려진 프레임워크로 공개된 논문. 아직 코드 없음과 "
        "알 수 없음은 따로 보여 주고, 몰래 세지 않아요.",
    ),
    "method_eval_heading": (
        "Measured agreement on the labelled corpus",
        "라벨 붙은 코퍼스에서 잰 일치도",
    ),
    "method_eval_missing": (
        "This snapshot carries no classifier evaluation (meta key `classifier_eval`); "
        "`make snapshot` stores one. `python bench/classifier_eval.py` prints the same numbers "
        "for the recorded corpus.",
        "이 스냅샷에는 분류기 평가(meta 키 `classifier_eval`)가 없어요. `make snapshot`이 "
        "저장해요. 기록된 코퍼스에 대한 같은 수치는 `python bench/classifier_eval.py`로 볼 수 "
        "있어요.",
    ),
    "eval_repos": ("Labelled repositories", "라벨 붙은 저장소"),
    "eval_agreement": ("Agreement", "일치율"),
    "method_confusion_caption": (
        "Confusion matrix: rows are the ground truth (the framework most of the repository's "
        "Python files import), columns the classifier's primary label.",
        "혼동 행렬: 행은 정답(저장소의 Python 파일 대부분이 import하는 프레임워크), 열은 분류기의 "
        "주 라벨이에요.",
    ),
    "truth_vs_predicted": ("truth \\ predicted", "정답 \\ 예측"),
    "method_version": (
        "Classifier {version} · snapshot {date}",
        "분류기 {version} · 스냅샷 {date}",
    ),
    "method_limits_heading": ("Known limits", "알려진 한계"),
    "method_limits": (
        "- *Official* depends on what the sources say; a paper with no linked code counts as "
        "**no official code**, not as PyTorch or TensorFlow.\n"
        "- Only a sample of code files is read; a repository mixing frameworks gets the majority "
        "label, and the weights of the others stay in the evidence.\n"
        "- **No code yet** is a moving target: placeholders fill up after the snapshot date.\n"
        "- Port search finds ports that mention the arXiv id or the title; silent ports are missed, "
        "so the gap is an upper bound.\n"
        "- The bundled snapshot covers the recorded sample of each list's repositories, not every "
        "paper of a venue.",
        "- *공식* 여부는 출처가 알려준 대로예요. 연결된 코드가 없는 논문은 PyTorch도 "
        "TensorFlow도 아닌 **공식 코드 없음**으로 세요.\n"
        "- 코드 파일은 일부만 읽어요. 여러 프레임워크가 섞인 저장소는 다수 쪽 라벨을 받고, "
        "나머지 비중은 근거에 남아요.\n"
        "- **아직 코드 없음**은 계속 변해요. 스냅샷 날짜 이후에 코드가 채워지기도 해요.\n"
        "- 포트 검색은 arXiv ID나 제목을 언급한 포트만 찾아요. 조용한 포트는 놓치니, 격차는 "
        "상한값이에요.\n"
        "- 번들 스냅샷은 각 목록에서 기록된 저장소 표본만 담아요. 학회의 모든 논문이 아니에요.",
    ),
    "method_published_heading": (
        "Published figures (different methods)",
        "발표된 수치 (다른 방법)",
    ),
    "method_published_warning": (
        "These figures were measured differently (other units, years, fields and rules). They "
        "give context; they are not comparable to the numbers on the Overview page.",
        "아래 수치는 다른 방법(다른 단위, 연도, 분야, 규칙)으로 잰 거예요. 맥락일 뿐, 개요 "
        "페이지의 숫자와 직접 비교할 수 없어요.",
    ),
    "col_pub_source": ("Source", "출처"),
    "col_pub_counted": ("What was counted", "무엇을 셌나"),
    "col_pub_figure": ("Figure", "수치"),
    "col_pub_differs": ("How it differs from ours", "우리 방법과 다른 점"),
    "pub_gradient_source": (
        'The Gradient, Horace He, "The State of Machine Learning Frameworks in 2019"',
        'The Gradient, Horace He, "The State of Machine Learning Frameworks in 2019"',
    ),
    "pub_gradient_counted": (
        "Conference papers whose text mentions PyTorch or TensorFlow (papers mentioning both, and "
        "Google/Facebook-affiliated papers, excluded)",
        "본문에 PyTorch나 TensorFlow를 언급한 학회 논문 (둘 다 언급한 논문과 Google/Facebook "
        "소속 논문은 제외)",
    ),
    "pub_gradient_figure": (
        "CVPR 2019: 69% PyTorch among papers mentioning either",
        "CVPR 2019: 둘 중 하나를 언급한 논문의 69%가 PyTorch",
    ),
    "pub_gradient_differs": (
        "Mentions in the paper's text, not its code; only a minority of "
        "papers mention a framework at all",
        "코드가 아니라 논문 본문의 언급; 프레임워크를 언급하는 논문 자체가 소수",
    ),
    "pub_pwc_source": (
        "Papers with Code, Trends page (shut down July 2025)",
        "Papers with Code, Trends 페이지 (2025년 7월 종료)",
    ),
    "pub_pwc_counted": (
        "All implementations linked to papers (official and community), classified by the "
        "imports in each repository, by repository creation date, all ML fields",
        "논문에 연결된 모든 구현(공식과 커뮤니티), 저장소의 import로 분류, 저장소 생성일 기준, "
        "ML 전 분야",
    ),
    "pub_pwc_figure": (
        "Early 2023, papers with code: PyTorch 59%, TensorFlow 5% (the rest other "
        "frameworks or none), as widely reported from its Trends page",
        "2023년 초, 코드가 있는 논문 중 PyTorch 59%, TensorFlow 5% (나머지는 다른 "
        "프레임워크이거나 없음), Trends 페이지를 인용한 보도 기준",
    ),
    "pub_pwc_differs": (
        "Counts repositories, not papers; includes unofficial reimplementations; not limited to CV",
        "논문이 아니라 저장소를 셈; 비공식 재구현 포함; CV에 한정되지 않음",
    ),
    "pub_stateofai_source": (
        "State of AI Report 2020 (from Papers with Code data)",
        "State of AI Report 2020 (Papers with Code 데이터 기반)",
    ),
    "pub_stateofai_counted": (
        "Paper implementations on GitHub by framework",
        "GitHub의 논문 구현을 프레임워크별로",
    ),
    "pub_stateofai_figure": ("47% PyTorch vs 18% TensorFlow", "PyTorch 47% 대 TensorFlow 18%"),
    "pub_stateofai_differs": (
        "Same unit as Papers with Code (implementations); all fields",
        "Papers with Code와 같은 단위(구현); 전 분야",
    ),
    "method_published_notes": (
        "Ours: one official repository per paper, labelled from its imports and manifests, CV "
        "papers, with `no code yet` and `unknown` kept as their own slices.",
        "우리 방법: 논문당 공식 저장소 하나, import와 매니페스트로 라벨링, CV 논문, "
        "`아직 코드 없음`과 `알 수 없음`은 따로 셈.",
    ),
    # --- Export ----------------------------------------------------------------------------------
    "export_title": ("Export charts and data", "차트와 데이터 내보내기"),
    "export_intro": (
        "Every chart of the Overview page as PNG, SVG or PDF (rendered when you click, in the "
        "language chosen in the sidebar), and the exact data behind it as CSV or Parquet.",
        "개요 페이지의 모든 차트를 PNG, SVG, PDF로(누를 때 사이드바에서 고른 언어로 그려요), "
        "그리고 그 차트의 데이터를 CSV나 Parquet으로 내려받아요.",
    ),
    "export_preview": ("Data", "데이터"),
    "export_cli": (
        "The same charts from the command line, for slides:",
        "같은 차트를 명령줄에서 (슬라이드용):",
    ),
    "chart_gap": ("Research-vs-production gap", "연구-배포 격차"),
    "chart_framework_share": ("Framework of official code", "공식 코드의 프레임워크"),
    "chart_share_by_quarter": ("Framework share by quarter", "분기별 프레임워크 점유율"),
    "chart_share_by_venue_year": (
        "Framework share by venue and year",
        "학회·연도별 프레임워크 점유율",
    ),
    "chart_ladder": ("Port ladder", "포트 사다리"),
    "chart_days_to_first_port": ("Days from paper to first port", "논문에서 첫 포트까지 걸린 날"),
    # --- Backend lab -----------------------------------------------------------------------------
    "lab_title": (
        "Backend lab: one Keras 3 model, every backend",
        "백엔드 실험실: Keras 3 모델 하나, 모든 백엔드",
    ),
    "lab_intro": (
        "The lesson's snippet: the same `Sequential` model on 784 inputs, run on every Keras "
        "backend installed here. Each backend runs in its own Python process, because "
        "`KERAS_BACKEND` must be set before `import keras`. All runs load the same weights "
        "(made once with numpy), so their outputs should agree.",
        "lesson의 코드 조각: 784개 입력을 받는 똑같은 `Sequential` 모델을 여기 설치된 모든 Keras "
        "백엔드에서 돌려요. `KERAS_BACKEND`는 `import keras` 전에 정해야 해서 백엔드마다 따로 "
        "Python 프로세스를 띄워요. 모두 같은 가중치(numpy로 한 번 만듦)를 쓰니 출력이 같아야 해요.",
    ),
    "lab_how": ("What each process runs", "각 프로세스가 실행하는 코드"),
    "lab_how_text": (
        "`python -m dashboard.keras_snippet --backend NAME --weights FILE.npz`: sets "
        "`KERAS_BACKEND`, imports Keras, builds the model, loads the weights, and runs the "
        "lesson's input (`[[1.0] * 784]`) plus a random batch of 8.",
        "`python -m dashboard.keras_snippet --backend NAME --weights FILE.npz`: `KERAS_BACKEND`를 "
        "정하고, Keras를 import하고, 모델을 만들고, 가중치를 불러와서 lesson의 입력"
        "(`[[1.0] * 784]`)과 무작위 배치 8개를 돌려요.",
    ),
    "lab_installed": ("Backends installed: {backends}", "설치된 백엔드: {backends}"),
    "lab_missing": (
        "Backend `{backend}` is not installed. To add it to this environment:",
        "`{backend}` 백엔드가 설치돼 있지 않아요. 이 환경에 추가하려면:",
    ),
    "lab_run": ("Run on every installed backend", "설치된 모든 백엔드에서 실행"),
    "lab_running": (
        "Running one process per backend...",
        "백엔드마다 프로세스를 하나씩 실행 중...",
    ),
    "col_backend": ("Backend", "백엔드"),
    "col_ok": ("OK", "성공"),
    "col_shape": ("Output shape", "출력 shape"),
    "col_keras": ("Keras", "Keras"),
    "col_wall": ("Process total (s)", "프로세스 전체 (초)"),
    "col_import": ("import keras (s)", "import keras (초)"),
    "col_first_call": ("First call (s)", "첫 호출 (초)"),
    "col_call": ("Next call (ms)", "다음 호출 (ms)"),
    "col_error": ("Error", "오류"),
    "lab_diff_backends": ("Max |difference| between backends", "백엔드 간 최대 |차이|"),
    "lab_diff_numpy": ("Max |difference| vs numpy", "numpy 대비 최대 |차이|"),
    "lab_one_backend": (
        "Only one backend ran, so it is compared with a numpy forward pass only.",
        "백엔드가 하나만 돌아서 numpy 계산과만 비교했어요.",
    ),
    "lab_failed": (
        "At least one backend failed; its error is in the table.",
        "실패한 백엔드가 있어요. 오류는 표에 있어요.",
    ),
    "lab_agree": (
        "Same model, same weights: output shape {shape} and the outputs agree within "
        "{tol} on every backend.",
        "같은 모델, 같은 가중치: 모든 백엔드에서 출력 shape는 {shape}, 출력 차이는 {tol} 이내예요.",
    ),
    "lab_disagree": (
        "Output shape {shape}, but outputs differ by more than {tol}.",
        "출력 shape는 {shape}지만 출력 차이가 {tol}보다 커요.",
    ),
}

STRINGS: dict[str, dict[str, str]] = {
    code: {key: pair[i] for key, pair in TABLE.items()} for i, code in enumerate(LANGS)
}
