"""Text -> unit vectors with the shipped sentence model, or the reason it cannot run.

The model is optional: onnxruntime and tokenizers come with the `semantic` extra, and a
missing or broken model file must leave the engine answering lexically, never failing.
One encoder is made per process, on first use, and shared by every knowledge base:
onnxruntime sessions may run from several threads at once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

DATA = Path(__file__).resolve().parent.parent / "data"
MODEL = DATA / "minilm.onnx"
TOKENIZER = DATA / "minilm-tokenizer.json"
MODEL_NAME = "all-MiniLM-L6-v2 (int8)"
# The shipped model file's SHA-256 (derive_minilm.py prints it). Vectors are stored under
# it, so a cache folder's vectors from another model are never mixed with this one's; a
# test checks it against the file.
MODEL_SHA256 = "c8c82168801e44053c8aefbf5e4a059e88d69a6a46cbba85acc8a5bdd6645f39"
DIMENSIONS = 384
MAX_TOKENS = 256  # the length the model was trained on; longer text is cut there
PROGRESS_EVERY = 32  # texts between progress reports
INSTALL_HINT = 'pip install "citebot[semantic]"'

Vectors = npt.NDArray[np.float32]


class Encoder:
    """The sentence model: texts -> L2-normalised mean-pooled vectors (float32)."""

    def __init__(self, model: Path = MODEL, tokenizer: Path = TOKENIZER) -> None:
        import onnxruntime  # noqa: PLC0415 - optional: only with the semantic extra
        from tokenizers import Tokenizer  # noqa: PLC0415

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = _threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # its warnings are about the graph, not the user
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the file pads to 128: one text needs no padding
        self.name = MODEL_NAME

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> Vectors:
        """One row per text, each embedded alone. Batches would be no faster here (their
        padding costs what they save), and the int8 model quantises each run's
        activations with one scale: in a batch, a text's vector would depend on its
        neighbours (cosine 0.995 to its own), and a vector cached by text must not."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for n, text in enumerate(texts):
            out[n] = self.encode_one(text)
            if progress is not None and (n % PROGRESS_EVERY == 0 or n == len(texts) - 1):
                progress(n + 1)
        return out

    def encode_one(self, text: str) -> Vectors:
        """A text's vector: mean-pooled over its tokens, normalised."""
        encoded = self._tokenizer.encode(text)
        ids = np.array([encoded.ids], dtype=np.int64)
        mask = np.array([encoded.attention_mask], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        tokens: npt.NDArray[np.float32] = self._session.run(None, feeds)[0][0]
        pooled = tokens.mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        return np.asarray(pooled / max(norm, 1e-12), dtype=np.float32)


def _threads() -> int:
    """CITEBOT_SEMANTIC_THREADS, else up to 2: answering is one question at a time."""
    configured = os.environ.get("CITEBOT_SEMANTIC_THREADS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return min(2, os.cpu_count() or 1)


_shared: Encoder | None = None
_failure: str | None = None
_loading = threading.Lock()


def asked_for() -> bool:
    """Whether CITEBOT_SEMANTIC=1 turns the model on. It is experimental: its blend does
    not yet beat words alone on every development text (README, "Meaning")."""
    return os.environ.get("CITEBOT_SEMANTIC", "").strip().lower() in {"1", "on", "yes", "true"}


def shared_encoder() -> Encoder | str:
    """The process's encoder, or why there is none (said in `check` and `/status`)."""
    global _shared, _failure
    with _loading:
        if _shared is None and _failure is None:
            _shared, _failure = _make()
        return _shared if _shared is not None else str(_failure)


def prepare_in_background() -> threading.Thread | None:
    """Start making the process's encoder on a daemon thread, if it is not made yet:
    onnxruntime sets its session up outside the GIL, beside a knowledge load."""
    with _loading:
        if _shared is not None or _failure is not None:
            return None
    thread = threading.Thread(target=shared_encoder, name="citebot-encoder", daemon=True)
    thread.start()
    return thread


def _make() -> tuple[Encoder | None, str | None]:
    missing = [name for name in ("onnxruntime", "tokenizers") if not _importable(name)]
    if missing:
        return None, f"not installed ({' and '.join(missing)} missing: {INSTALL_HINT})"
    for path in (MODEL, TOKENIZER):
        if not path.is_file():
            return None, f"the model file {path.name} is missing from the package"
    try:
        return Encoder(), None
    except Exception as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return None, f"the model could not load ({first_line[:200]})"


def _importable(name: str) -> bool:
    import importlib.util  # noqa: PLC0415

    return importlib.util.find_spec(name) is not None


def forget_shared() -> None:
    """Drop the process's encoder (tests that switch the model on and off)."""
    global _shared, _failure
    with _loading:
        _shared, _failure = None, None
