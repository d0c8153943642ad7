"""Chart titles, axis names, legend names and captions in English and Korean (chart text only)."""

from __future__ import annotations

LANGS = ("en", "ko")

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "share.title": "Framework of official code",
        "month.title": "Framework share by month",
        "venue.title": "Framework share by venue and year",
        "gap.title": "Research-vs-production gap: {share} of papers",
        "ladder.title": "Best TensorFlow/Keras port per paper",
        "days.title": "Days from paper to first port",
        "paths.title": "TF/Keras/LiteRT paths for PyTorch and JAX papers",
        "lag.source.title": "How long until a port? By collection",
        "lag.year.title": "How long until a port? By paper year",
        "axis.months": "Months after the paper's arXiv month",
        "axis.ported": "Share ported within k months",
        "axis.collection": "Found in",
        "axis.paper_year": "Paper year",
        "m.paths": "best port level of each paper whose released official code is PyTorch or JAX; "
        "levels 2-5 are a TF Serving / LiteRT / TF.js path, 3-5 close the gap; denominators: "
        "{dens}",
        "m.lag": "months from the paper's arXiv month (from its id) to the first commit adding "
        "the model to the collection (search hits and Hub models: their creation date), among "
        "papers with a dated TF port at level >= 1; {papers} papers ({reference} from the "
        "reference sample of ported papers); newest: {newest}",
        "group.all": "any (first port anywhere)",
        "fw.pytorch+jax": "PyTorch + JAX",
        "axis.papers": "Papers",
        "axis.share": "Share",
        "axis.framework": "Framework",
        "axis.month": "Month",
        "axis.venue_year": "Venue and year",
        "axis.level": "Port ladder level",
        "axis.days": "Days after publication",
        "axis.status": "Status",
        "gap.open": "not TF/Keras, no port >= 3 (gap)",
        "gap.closed": "not TF/Keras, port >= 3",
        "gap.native": "TensorFlow/Keras official code",
        "caption": "Source: {source} · snapshot {date} · N = {n} papers",
        "method": "Method: {method}",
        "source.default": "cv-framework-gap (HF Papers, arXiv, curated lists, CVF)",
        "date.unknown": "date unknown",
        "m.share": "primary framework of each paper's official repo (newest label of its head "
        "commit); papers without an official repo are left out",
        "m.month": "primary framework of each paper's official repo, by month of the paper's "
        "date (the venue's month when undated); N above each bar",
        "m.venue": "primary framework of each paper's official repo; papers with a venue only",
        "m.gap": "released official code whose primary framework is not TensorFlow/Keras and "
        "has no port at level >= 3, over released official code with a known framework "
        "(excluded: {excluded})",
        "m.ladder": "0 none, 1 ONNX only, 2 converted artifact or community code without ported "
        "weights, 3 Keras 3 reimplementation, 4 native TF/Keras, 5 hosted TF artifact",
        "m.days": "days from publication to the first dated port at level >= 1 (its first commit "
        "or creation date)",
        "slice.no code yet": "no code yet",
        "slice.unknown": "unknown",
        "slice.none-dl": "no DL framework",
        "slice.no official code": "no official code",
        "src.hf": "Hugging Face Papers",
        "src.arxiv": "arXiv",
        "src.lists": "curated lists",
        "src.cvf": "CVF open access",
        "src.ghsearch": "GitHub search",
        "src.reference": "reference sample of ported papers",
        "fw.pytorch": "PyTorch",
        "fw.tensorflow": "TensorFlow",
        "fw.jax": "JAX",
        "fw.keras": "Keras 3",
        "fw.paddle": "PaddlePaddle",
        "fw.mindspore": "MindSpore",
        "fw.mxnet": "MXNet",
        "fw.jittor": "Jittor",
        "fw.oneflow": "OneFlow",
        "fw.megengine": "MegEngine",
        "fw.mlx": "MLX",
        "caption.window": "Source: {source} · papers {period} · as of {as_of} · N = {n} papers",
        "period.months": "{start} to {end} (last {months} months)",
        "period.all": "{start} to {end} (all years)",
        "period.none": "the snapshot",
        "empty": "No data for papers {period}",
        "small_n": "Faded bars: fewer than {min} papers, too few for a share.",
        "excluded.item": "{n} {group}",
    },
    "ko": {
        "share.title": "공식 코드의 프레임워크",
        "month.title": "월별 프레임워크 점유율",
        "venue.title": "학회·연도별 프레임워크 점유율",
        "gap.title": "연구-배포 격차: 논문의 {share}",
        "ladder.title": "논문별 최고 단계의 TensorFlow/Keras 포트",
        "days.title": "논문 발표부터 첫 포트까지 걸린 일수",
        "paths.title": "PyTorch·JAX 논문의 TF/Keras/LiteRT 경로",
        "lag.source.title": "포트가 나오기까지 얼마나 걸릴까? 모음별",
        "lag.year.title": "포트가 나오기까지 얼마나 걸릴까? 논문 연도별",
        "axis.months": "논문의 arXiv 월 이후 개월 수",
        "axis.ported": "그 개월 수 안에 포트된 비율",
        "axis.collection": "찾은 곳",
        "axis.paper_year": "논문 연도",
        "m.paths": "공개된 공식 코드가 PyTorch나 JAX인 논문마다 최고 포트 단계, 2-5단계는 TF Serving / "
        "LiteRT / TF.js 경로, 3-5단계는 격차를 메움; 분모: {dens}",
        "m.lag": "논문의 arXiv 월(ID에서 읽음)부터 모음에 모델을 처음 추가한 커밋까지의 개월 수 (검색 결과와 "
        "Hugging Face 모델은 생성일), 1단계 이상 TF 포트의 날짜가 있는 논문만; 논문 {papers}편 (포트된 논문 참조 "
        "표본에서 {reference}편); 가장 최근: {newest}",
        "group.all": "전체 (어디서든 첫 포트)",
        "fw.pytorch+jax": "PyTorch + JAX",
        "axis.papers": "논문 수",
        "axis.share": "점유율",
        "axis.framework": "프레임워크",
        "axis.month": "월",
        "axis.venue_year": "학회·연도",
        "axis.level": "포트 사다리 단계",
        "axis.days": "발표 후 경과 일수",
        "axis.status": "상태",
        "gap.open": "TF/Keras 아님, 3단계 이상 포트 없음 (격차)",
        "gap.closed": "TF/Keras 아님, 3단계 이상 포트 있음",
        "gap.native": "TensorFlow/Keras 공식 코드",
        "caption": "출처: {source} · 스냅샷 {date} · N = 논문 {n}편",
        "method": "방법: {method}",
        "source.default": "cv-framework-gap (Hugging Face Papers, arXiv, 큐레이션 목록, CVF)",
        "date.unknown": "날짜 알 수 없음",
        "m.share": "각 논문 공식 저장소의 주 프레임워크(최신 커밋의 가장 새 라벨). "
        "공식 저장소가 없는 논문은 제외",
        "m.month": "각 논문 공식 저장소의 주 프레임워크, 논문 발표 월 기준"
        "(발표일이 없으면 학회 개최 월), 막대 위 숫자는 N",
        "m.venue": "각 논문 공식 저장소의 주 프레임워크, 학회가 있는 논문만",
        "m.gap": "공개된 공식 코드 중 주 프레임워크가 TensorFlow/Keras가 아니고 3단계 이상 "
        "포트도 없는 것의 비율. 분모는 프레임워크가 알려진 공개 공식 코드"
        "(제외: {excluded})",
        "m.ladder": "0 없음, 1 ONNX만, 2 변환된 산출물 또는 가중치 없는 커뮤니티 코드, "
        "3 Keras 3 재구현, 4 TF/Keras 네이티브, 5 호스팅된 TF 산출물",
        "m.days": "발표일부터 날짜가 있는 1단계 이상 첫 포트까지의 일수(첫 커밋 또는 생성일)",
        "src.lists": "큐레이션 목록",
        "src.cvf": "CVF 오픈 액세스",
        "src.ghsearch": "GitHub 검색",
        "src.reference": "포트된 논문 참조 표본",
        "slice.no code yet": "아직 코드 없음",
        "slice.unknown": "알 수 없음",
        "slice.none-dl": "딥러닝 프레임워크 없음",
        "slice.no official code": "공식 코드 없음",
        "caption.window": "출처: {source} · 논문 {period} · {as_of} 기준 · N = 논문 {n}편",
        "period.months": "{start}~{end} (최근 {months}개월)",
        "period.all": "{start}~{end} (전체 연도)",
        "period.none": "이 스냅샷",
        "empty": "논문 {period}: 데이터 없음",
        "small_n": "흐린 막대: 논문이 {min}편 미만이라 비율로 읽기엔 너무 적어.",
        "excluded.item": "{group} {n}편",
    },
}

LEVEL_NAMES = {
    "en": {
        0: "0 none",
        1: "1 ONNX only",
        2: "2 converted / no weights",
        3: "3 Keras 3 reimpl.",
        4: "4 native TF/Keras",
        5: "5 hosted TF artifact",
    },
    "ko": {
        0: "0 없음",
        1: "1 ONNX만",
        2: "2 변환됨 / 가중치 없음",
        3: "3 Keras 3 재구현",
        4: "4 TF/Keras 네이티브",
        5: "5 호스팅된 TF 산출물",
    },
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The `lang` string for `key` (English when Korean lacks it), formatted with `values`."""
    text = STRINGS.get(lang, {}).get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


def slice_name(framework: str, lang: str = "en") -> str:
    """Display name of a framework or slice (`no code yet`, `unknown`, ...)."""
    for key in (f"fw.{framework}", f"slice.{framework}"):
        if key in STRINGS["en"]:
            return t(key, lang)
    return framework


def source_name(source: str, lang: str = "en") -> str:
    """Display name of a paper source (`hf`, `arxiv`, `lists`, `cvf`, `ghsearch`)."""
    return t(f"src.{source}", lang) if f"src.{source}" in STRINGS["en"] else source


def level_name(level: int, lang: str = "en") -> str:
    return LEVEL_NAMES.get(lang, LEVEL_NAMES["en"]).get(level, str(level))
