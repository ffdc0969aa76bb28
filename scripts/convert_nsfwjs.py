#!/usr/bin/env python3
"""Converts an nsfwjs classifier (MobileNetV2 or InceptionV3, a TF.js layers model shipped
inside the npm package as UMD bundles under dist/models/<model>/*.min.js) to ONNX for OpenCV DNN.

Usage: convert_nsfwjs.py PACKAGE_DIR OUT.onnx [--model mobilenet_v2|inception_v3]

PACKAGE_DIR is the unpacked npm tarball (the folder holding package.json). The bundles are
evaluated with node (already needed for `npm pack`) only to read their exported JSON and
base64 weight string; everything else happens here with python3-onnx and python3-numpy.

Graph contract (what plugins/common/image_models expects):
  input  "input"          float [1,3,S,S], RGB, values in [0,1] (NCHW); S = 224 (MobileNetV2)
                          or 299 (InceptionV3), the model's own input size
  output "probabilities"  float [1,5]  softmax over Drawing, Hentai, Neutral, Porn, Sexy
  output "embedding"      float [1,D]  the pooled features the Dense head reads (the input of the
                          Flatten layer): D = 1280 (MobileNetV2) or 2048 (InceptionV3)
Opset 10 is used on purpose: OpenCV 4.6 rejects opset-11 Clip (min/max as inputs).
"""
import argparse
import base64
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CLASSES = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"]


def load_bundles(model_dir):
    """Returns (model_json, weight_bytes) by letting node evaluate the UMD bundles."""
    script = r"""
const fs = require('fs'), path = require('path');
const dir = process.argv[1];
const model = require(path.join(dir, 'model.min.js'));
const paths = model.weightsManifest.flatMap(g => g.paths);
const shards = paths.map(p => require(path.join(dir, p + '.min.js')));
process.stdout.write(JSON.stringify({model, shards}));
"""
    out = subprocess.run(["node", "-e", script, os.path.abspath(model_dir)],
                         check=True, capture_output=True).stdout
    data = json.loads(out)
    blob = b"".join(base64.b64decode(s) for s in data["shards"])
    return data["model"], blob


def dequantise(manifest, blob):
    """Weight name -> float32 array; uint8/uint16 weights are q * scale + min (TF.js rule)."""
    weights, offset = {}, 0
    for group in manifest:
        for spec in group["weights"]:
            shape = spec["shape"]
            count = int(np.prod(shape)) if shape else 1
            q = spec.get("quantization")
            if q is None:
                if spec["dtype"] != "float32":
                    raise ValueError(f"unsupported dtype {spec['dtype']} for {spec['name']}")
                raw = np.frombuffer(blob, np.float32, count, offset)
                offset += 4 * count
                value = raw.astype(np.float32)
            elif q["dtype"] in ("uint8", "uint16"):
                dt = np.uint8 if q["dtype"] == "uint8" else np.uint16
                raw = np.frombuffer(blob, dt, count, offset)
                offset += raw.nbytes
                value = (raw.astype(np.float32) * np.float32(q["scale"]) +
                         np.float32(q["min"])).astype(np.float32)
            elif q["dtype"] == "float16":
                raw = np.frombuffer(blob, np.float16, count, offset)
                offset += raw.nbytes
                value = raw.astype(np.float32)
            else:
                raise ValueError(f"unsupported quantisation {q['dtype']} for {spec['name']}")
            weights[spec["name"]] = value.reshape(shape)
    if offset != len(blob):
        raise ValueError(f"weight bytes used {offset} != available {len(blob)}")
    return weights


def same_pads(size, kernel, stride):
    """TF 'SAME' padding (extra pixel at the end), as (begin, end)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class Builder:
    def __init__(self, weights):
        self.w = weights
        self.nodes, self.inits = [], []
        self.shape = {}  # tensor name -> (C, H, W) for 4-D tensors

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array, np.float32), name))
        return name

    def weight(self, layer, suffix):
        return self.w[f"{layer}/{suffix}"]

    def conv(self, cfg, src, depthwise):
        name = cfg["name"]
        c, h, wd = self.shape[src]
        kh, kw = cfg["kernel_size"]
        sh, sw = cfg["strides"]
        if cfg.get("dilation_rate", [1, 1]) != [1, 1]:
            raise ValueError(f"{name}: dilation not supported")
        if depthwise:
            k = self.weight(name, "depthwise_kernel")  # [kh, kw, in, mult]
            mult = k.shape[3]
            kernel = k.transpose(2, 3, 0, 1).reshape(c * mult, 1, kh, kw)
            group, out_c = c, c * mult
        else:
            k = self.weight(name, "kernel")  # [kh, kw, in, out]
            kernel = k.transpose(3, 2, 0, 1)
            group, out_c = 1, k.shape[3]
        if cfg["padding"] == "same":
            pt, pb = same_pads(h, kh, sh)
            pl, pr = same_pads(wd, kw, sw)
        else:
            pt = pb = pl = pr = 0
        inputs = [src, self.const(name + "/W", kernel)]
        if cfg.get("use_bias", False):
            inputs.append(self.const(name + "/B", self.weight(name, "bias")))
        out = name
        self.nodes.append(helper.make_node(
            "Conv", inputs, [out], name=name, kernel_shape=[kh, kw], strides=[sh, sw],
            pads=[pt, pl, pb, pr], group=group))
        oh = (h + pt + pb - kh) // sh + 1
        ow = (wd + pl + pr - kw) // sw + 1
        self.shape[out] = (out_c, oh, ow)
        return self.activation(cfg.get("activation", "linear"), out, name)

    def activation(self, act, src, name):
        if act == "linear":
            return src
        out = f"{name}/{act}"
        if act == "relu":
            self.nodes.append(helper.make_node("Relu", [src], [out], name=out))
        elif act == "softmax":
            self.nodes.append(helper.make_node("Softmax", [src], [out], name=out, axis=1))
        else:
            raise ValueError(f"{name}: activation {act} not supported")
        if src in self.shape:
            self.shape[out] = self.shape[src]
        return out

    def pool(self, cls, cfg, src):
        name = cfg["name"]
        c, h, w = self.shape[src]
        if cls == "GlobalAveragePooling2D":
            (kh, kw), (sh, sw), padding = (h, w), (h, w), "valid"
        else:
            (kh, kw), (sh, sw), padding = cfg["pool_size"], cfg["strides"], cfg["padding"]
        if padding == "same":
            pt, pb = same_pads(h, kh, sh)
            pl, pr = same_pads(w, kw, sw)
        else:
            pt = pb = pl = pr = 0
        op = "MaxPool" if cls == "MaxPooling2D" else "AveragePool"
        attrs = {}
        if op == "AveragePool":
            # TF's SAME average pooling divides by the in-image count (count_include_pad=0).
            attrs["count_include_pad"] = 0
        self.nodes.append(helper.make_node(op, [src], [name], name=name, kernel_shape=[kh, kw],
                                           strides=[sh, sw], pads=[pt, pl, pb, pr], **attrs))
        self.shape[name] = (c, (h + pt + pb - kh) // sh + 1, (w + pl + pr - kw) // sw + 1)
        if cls == "GlobalAveragePooling2D":
            return self.layer("Flatten", {"name": name + "/flat"}, [name])
        return name

    def layer(self, cls, cfg, srcs):
        name = cfg["name"]
        src = srcs[0]
        if cls == "ZeroPadding2D":
            (t, b), (l, r) = cfg["padding"]
            c, h, w = self.shape[src]
            self.nodes.append(helper.make_node("Pad", [src], [name], name=name, mode="constant",
                                               pads=[0, 0, t, l, 0, 0, b, r], value=0.0))
            self.shape[name] = (c, h + t + b, w + l + r)
            return name
        if cls == "Conv2D":
            return self.conv(cfg, src, depthwise=False)
        if cls == "DepthwiseConv2D":
            return self.conv(cfg, src, depthwise=True)
        if cls == "BatchNormalization":
            if cfg.get("axis", -1) not in (-1, 3):
                raise ValueError(f"{name}: BN axis {cfg['axis']}")
            c = self.shape[src][0]
            gamma = self.weight(name, "gamma") if cfg.get("scale", True) else np.ones(c)
            beta = self.weight(name, "beta") if cfg.get("center", True) else np.zeros(c)
            ins = [src, self.const(name + "/gamma", gamma), self.const(name + "/beta", beta),
                   self.const(name + "/mean", self.weight(name, "moving_mean")),
                   self.const(name + "/var", self.weight(name, "moving_variance"))]
            self.nodes.append(helper.make_node("BatchNormalization", ins, [name], name=name,
                                               epsilon=float(cfg["epsilon"])))
            self.shape[name] = self.shape[src]
            return name
        if cls == "ReLU":
            if cfg.get("negative_slope", 0) or cfg.get("threshold", 0):
                raise ValueError(f"{name}: leaky/threshold ReLU not supported")
            if cfg.get("max_value") is not None:
                self.nodes.append(helper.make_node("Clip", [src], [name], name=name, min=0.0,
                                                   max=float(cfg["max_value"])))
            else:
                self.nodes.append(helper.make_node("Relu", [src], [name], name=name))
            self.shape[name] = self.shape[src]
            return name
        if cls == "Add":
            self.nodes.append(helper.make_node("Add", srcs, [name], name=name))
            self.shape[name] = self.shape[src]
            return name
        if cls in ("AveragePooling2D", "MaxPooling2D", "GlobalAveragePooling2D"):
            return self.pool(cls, cfg, src)
        if cls == "Activation":
            return self.activation(cfg["activation"], src, name)
        if cls == "Concatenate":
            if cfg.get("axis", -1) not in (-1, 3):
                raise ValueError(f"{name}: concat axis {cfg['axis']}")
            self.nodes.append(helper.make_node("Concat", srcs, [name], name=name, axis=1))
            _, h, w = self.shape[src]
            self.shape[name] = (sum(self.shape[s][0] for s in srcs), h, w)
            return name
        if cls == "Flatten":
            c, h, w = self.shape[src]
            if h * w != 1:
                raise ValueError(f"{name}: NHWC flatten of a {h}x{w} map not supported")
            self.nodes.append(helper.make_node("Flatten", [src], [name], name=name, axis=1))
            self.flat_dim = c
            return name
        if cls == "Dense":
            # [out, in] with transB=1: the form OpenCV 4.6's Gemm importer expects.
            ins = [src, self.const(name + "/W", self.weight(name, "kernel").T),
                   self.const(name + "/B", self.weight(name, "bias"))]
            self.nodes.append(helper.make_node("Gemm", ins, [name], name=name, transB=1))
            return self.activation(cfg.get("activation", "linear"), name, name)
        if cls == "Dropout":
            return src  # identity at inference
        raise ValueError(f"{name}: layer class {cls} not supported")


def convert(model_json, blob, out_path, model_name):
    topo = model_json["modelTopology"]
    cfg = topo.get("model_config", topo)["config"]
    weights = dequantise(model_json["weightsManifest"], blob)
    b = Builder(weights)
    produced = {}  # keras layer name -> onnx tensor name
    embedding = None
    for layer in cfg["layers"]:
        cls, lcfg = layer["class_name"], layer["config"]
        if cls == "InputLayer":
            _, h, w, c = lcfg["batch_input_shape"]
            produced[layer["name"]] = "input"
            b.shape["input"] = (c, h, w)
            continue
        srcs = [produced[n[0]] for n in layer["inbound_nodes"][0]]
        produced[layer["name"]] = b.layer(cls, lcfg, srcs)
        if cls == "Flatten":
            embedding = produced[layer["name"]]
    final = produced[cfg["output_layers"][0][0]]
    if embedding is None:
        raise ValueError("no Flatten layer: cannot expose the pooled embedding")
    b.nodes.append(helper.make_node("Identity", [final], ["probabilities"], name="probabilities"))
    b.nodes.append(helper.make_node("Identity", [embedding], ["embedding"], name="embedding"))
    c, h, w = b.shape["input"]
    emb_dim = b.flat_dim
    graph = helper.make_graph(
        b.nodes, "nsfwjs_" + model_name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, c, h, w])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, len(CLASSES)]),
         helper.make_tensor_value_info("embedding", TensorProto.FLOAT, [1, emb_dim])],
        b.inits)
    model = helper.make_model(graph, producer_name="postern convert_nsfwjs.py",
                              opset_imports=[helper.make_opsetid("", 10)])
    model.ir_version = 5
    model.doc_string = f"nsfwjs {model_name}; classes: " + ",".join(CLASSES)
    onnx.checker.check_model(model)
    tmp = out_path + ".tmp"
    onnx.save(model, tmp)
    os.replace(tmp, out_path)
    return len(b.nodes), sum(int(np.prod(v.shape)) for v in weights.values())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("package_dir")
    ap.add_argument("out")
    ap.add_argument("--model", default="mobilenet_v2", choices=["mobilenet_v2", "inception_v3"])
    a = ap.parse_args()
    model_dir = os.path.join(a.package_dir, "dist", "models", a.model)
    model_json, blob = load_bundles(model_dir)
    nodes, params = convert(model_json, blob, a.out, a.model)
    print(f"convert_nsfwjs: {a.out}: {nodes} nodes, {params} parameters", file=sys.stderr)


if __name__ == "__main__":
    main()
