"""Writes a model folder's BERT encoder as ONNX, for the ort backend, without PyTorch.

The graph is built op by op from `model.safetensors` and `config.json` (BERT-family,
absolute positions, GELU): token ids in (`input_ids`, int64, batch x length), final hidden
states out (`last_hidden_state`, float32). It has no attention mask: the pipeline batches
only sequences of one length, so nothing is ever padded. Token type ids are all zero, as in
the pipeline. Weights stored as fp16 are widened to fp32, the precision candle computes in.

The source weights' sha256 goes into the model's metadata (`demarche.source_sha256`): the
runtime refuses an export that does not match the folder's current weights. The export's own
sha256 goes beside it (`encoder.onnx.sha256`, sha256sum format): the runtime checks the file
against it, so a damaged export is an error, not different numbers.

With --int8 (written as `encoder-int8.onnx`, `[encoder] precision = "int8"`), every Linear
layer (Q, K, V, attention output, intermediate, output) is int8: weights symmetric per output
column, activations symmetric per token vector, computed in the graph (see
`Graph.quantise_rows`), an exact integer product, then the two scales and the fp32 bias.
Embeddings, LayerNorm, softmax, the attention products and GELU stay fp32. Per-row scales
keep a sentence's states the same alone or in a batch; the metadata says `demarche.precision
= int8`, so one export is never run as the other.

    python recipes/export_onnx.py [--if-stale] [--int8] models/ner-conll-minilm models/ner-conll-minilm/encoder.onnx

With --if-stale, an existing export made from the same weights (and precision) is kept.
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

OPSET = 17
# Read by crates/encoder/src/onnx.rs, which refuses an export of other weights.
SOURCE_KEY = "demarche.source_sha256"
# "int8" in an int8 export (absent: fp32); the runtime refuses one in place of the other.
PRECISION_KEY = "demarche.precision"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Graph:
    def __init__(self, weights, prefix, int8=False):
        self.weights, self.prefix, self.int8 = weights, prefix, int8
        self.nodes, self.inits, self.names = [], [], set()
        self.count = 0
        # Each activation quantised once (Q, K and V read the same one).
        self.quantised = {}

    def w(self, key, transpose=False):
        """An initializer from the checkpoint (fp32; Linear weights transposed for MatMul)."""
        name = key + (".T" if transpose else "")
        if name not in self.names:
            a = self.weights[self.prefix + key].astype(np.float32)
            if transpose:
                a = np.ascontiguousarray(a.T)
            self.inits.append(numpy_helper.from_array(a, name))
            self.names.add(name)
        return name

    def const(self, name, array):
        if name not in self.names:
            self.inits.append(numpy_helper.from_array(np.asarray(array), name))
            self.names.add(name)
        return name

    def op(self, kind, inputs, **attrs):
        self.count += 1
        out = f"{kind.lower()}_{self.count}"
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def linear(self, x, key):
        if self.int8:
            return self.linear_int8(x, key)
        return self.op("Add", [self.op("MatMul", [x, self.w(key + ".weight", True)]), self.w(key + ".bias")])

    def quantise_rows(self, x, width):
        """`x` (batch x length x width) as uint8 codes (length·batch rows x width, zero point
        128) with one symmetric scale per token vector (max |x| / 127), and those scales (rows x
        1). Per row, not per tensor: a token's codes and scale depend on its own vector only, so
        its states are the same alone or in a batch (ORT's dynamic quantisation takes one scale
        per tensor, which batch-mates change). QuantizeLinear per axis 0 computes what
        Div/Round/Add/Clip/Cast would, bit for bit (checked), in one pass instead of five:
        the whole encoder ran faster."""
        if x not in self.quantised:
            rows = self.op("Reshape", [x, self.const(f"rows_{width}", np.array([-1, width], np.int64))])
            peak = self.op("ReduceMax", [self.op("Abs", [rows])], axes=[-1], keepdims=0)
            # A row of zeros would divide by zero; its codes are 128 whatever the scale.
            peak = self.op("Max", [peak, self.const("tiny", np.array(1e-30, np.float32))])
            scale = self.op("Div", [peak, self.const("q_max", np.array(127.0, np.float32))])
            # uint8 with zero point 128 (codes 1..255): the u8 x s8 product is ORT's fast
            # kernel on x86 (VNNI); s8 x s8 ran about 3x slower than fp32 here.
            zero = self.op("Expand", [self.const("q_zero_u8", np.array(128, np.uint8)), self.op("Shape", [scale])])
            codes = self.op("QuantizeLinear", [rows, scale, zero], axis=0)
            scale = self.op("Unsqueeze", [scale, self.const("axis1", np.array([1], np.int64))])
            self.quantised[x] = (codes, scale)
        return self.quantised[x]

    def linear_int8(self, x, key):
        """int8 Linear: weights symmetric per output column (codes and scales stored),
        activations per row, the exact integer product (MatMulInteger), then back to float by
        row scale x column scale, plus the fp32 bias."""
        name = key + ".weight.q"
        w = self.weights[self.prefix + key + ".weight"].astype(np.float32).T  # in x out
        if name not in self.names:
            scale = np.maximum(np.abs(w).max(axis=0), np.float32(1e-30)) / np.float32(127.0)
            codes = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            self.inits.append(numpy_helper.from_array(np.ascontiguousarray(codes), name))
            self.inits.append(numpy_helper.from_array(scale.astype(np.float32), key + ".weight.scale"))
            self.names.update([name, key + ".weight.scale"])
        codes, row_scale = self.quantise_rows(x, w.shape[0])
        zero_a = self.const("q_zero_u8", np.array(128, np.uint8))
        zero_b = self.const("q_zero_s8", np.array(0, np.int8))
        acc = self.op("Cast", [self.op("MatMulInteger", [codes, name, zero_a, zero_b])], to=TensorProto.FLOAT)
        y = self.op("Mul", [self.op("Mul", [acc, row_scale]), key + ".weight.scale"])
        y = self.op("Add", [y, self.w(key + ".bias")])
        # Back to batch x length x out.
        return self.op("Reshape", [y, self.unflat])

    def layer_norm(self, x, key, eps):
        return self.op("LayerNormalization", [x, self.w(key + ".weight"), self.w(key + ".bias")], axis=-1, epsilon=eps)


def build(folder, int8=False):
    config = json.load(open(os.path.join(folder, "config.json")))
    if config.get("model_type", "bert") != "bert" or config.get("position_embedding_type", "absolute") != "absolute":
        sys.exit(f"{folder}: only BERT with absolute positions is exported")
    if config.get("hidden_act", "gelu") != "gelu":
        sys.exit(f"{folder}: hidden_act {config['hidden_act']!r} is not exported (gelu only)")
    weights = load_file(os.path.join(folder, "model.safetensors"))
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
    g = Graph(weights, prefix, int8)
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_dim, eps = hidden // heads, config["layer_norm_eps"]

    ids = "input_ids"
    length = g.op("Gather", [g.op("Shape", [ids]), g.const("one_index", np.array(1, np.int64))], axis=0)
    axis0 = g.const("axis0", np.array([0], np.int64))
    length = g.op("Unsqueeze", [length, axis0])
    if int8:
        # [batch, length, -1], where int8 Linear layers put their rows back.
        g.unflat = g.op("Concat", [g.op("Shape", [ids]), g.const("minus_one", np.array([-1], np.int64))], axis=0)
    # Same order of additions as candle and transformers: (word + token type) + position.
    x = g.op("Gather", [g.w("embeddings.word_embeddings.weight"), ids], axis=0)
    type0 = g.const("token_type_0", weights[prefix + "embeddings.token_type_embeddings.weight"][0].astype(np.float32))
    x = g.op("Add", [x, type0])
    positions = g.op(
        "Slice", [g.w("embeddings.position_embeddings.weight"), axis0, length, axis0]
    )
    x = g.layer_norm(g.op("Add", [x, positions]), "embeddings.LayerNorm", eps)

    split_shape = g.const("split_shape", np.array([0, 0, heads, head_dim], np.int64))
    merge_shape = g.const("merge_shape", np.array([0, 0, hidden], np.int64))
    half, sqrt2, one = (g.const(n, np.array(v, np.float32)) for n, v in [("half", 0.5), ("sqrt2", np.sqrt(2.0)), ("one_f", 1.0)])
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = (g.op("Reshape", [g.linear(x, p + "attention.self." + n), split_shape]) for n in ("query", "key", "value"))
        q = g.op("Transpose", [q], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [k], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [v], perm=[0, 2, 1, 3])
        scores = g.op("Div", [g.op("MatMul", [q, k]), g.const("sqrt_head_dim", np.array(np.sqrt(head_dim), np.float32))])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        context = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), merge_shape])
        attended = g.linear(context, p + "attention.output.dense")
        x = g.layer_norm(g.op("Add", [attended, x]), p + "attention.output.LayerNorm", eps)
        h = g.linear(x, p + "intermediate.dense")
        # Exact (erf) GELU, as BERT's "gelu"; ORT fuses this pattern.
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [g.op("Erf", [g.op("Div", [h, sqrt2])]), one])])
        out = g.linear(h, p + "output.dense")
        x = g.layer_norm(g.op("Add", [out, x]), p + "output.LayerNorm", eps)
    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"]))

    graph = helper.make_graph(
        g.nodes,
        "demarche_bert_encoder",
        [helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "length"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "length", hidden])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="demarche")
    model.ir_version = 8
    props = {SOURCE_KEY: sha256(os.path.join(folder, "model.safetensors"))}
    if int8:
        props[PRECISION_KEY] = "int8"
    helper.set_model_props(model, props)
    onnx.checker.check_model(model, full_check=True)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", help="model folder (config.json, model.safetensors)")
    ap.add_argument("out", help="the .onnx file to write")
    ap.add_argument("--if-stale", action="store_true", help="keep an export made from the same weights")
    ap.add_argument("--int8", action="store_true", help="int8 Linear layers (encoder-int8.onnx; see the module doc)")
    args = ap.parse_args()
    side = args.out + ".sha256"
    if args.if_stale and os.path.exists(args.out) and os.path.exists(side):
        intact = open(side).read().split()[:1] == [sha256(args.out)]
        props = {p.key: p.value for p in onnx.load(args.out).metadata_props} if intact else {}
        same_weights = props.get(SOURCE_KEY) == sha256(os.path.join(args.folder, "model.safetensors"))
        if same_weights and props.get(PRECISION_KEY, "fp32") == ("int8" if args.int8 else "fp32"):
            print(f"{args.out}: present")
            return
    model = build(args.folder, args.int8)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    onnx.save(model, tmp)
    digest = sha256(tmp)
    with open(side + ".tmp", "w") as f:
        f.write(f"{digest}  {os.path.basename(args.out)}\n")
    os.replace(tmp, args.out)
    os.replace(side + ".tmp", side)
    print(f"{args.out}: {os.path.getsize(args.out) / 1e6:.1f} MB from {args.folder}")


if __name__ == "__main__":
    main()
