#!/usr/bin/python3
"""A deployed neurofusion model in plain PyTorch: loads an artifact of `neurofusion export` (spec.json and
parameters.safetensors, docs/inference.md) and gives the class probabilities of windows, on the CPU or on any CUDA
GPU, without DJL or a CUDA build of libtorch for it.

This is a twin of the Java network, not a second implementation: DecoderNetwork below is
org.neurofusion.inference.DecoderNetwork (the kept modality's SensorTokenEncoder, a student's ImputationHead, the
FusionBlock with every modality present, softmax), built from the same spec records, with DJL's parameter names and
the same arithmetic step by step. The encoder and the shared layers are alignment_twin.py's. When the Java network
changes, change this file with it: StudentTwinTest (module inference) requires its probabilities to equal the Java
network's within 1e-5 on the same windows.

    python3 tools/reference/student_twin.py MODEL_DIR DATA.npy SENSORS.npy MASK.npy OUT.npy
            [--device cpu|cuda] [--float64] [--batch N]

DATA (B, C, T): windows in the contract's unit, at its rate and window length, after its preprocessing pipeline
(BrainDecoder.prepare makes them in Java). SENSORS (B, C, 15): each channel's sensor features as
org.neurofusion.core.SensorFeatures lays them out (SENSOR_LAYOUT). MASK (B, C): 1 for a real channel, 0 for padding.
All float32 (float64 is read too). OUT gets the probabilities (B, classes) as float64, classes in the order of the
contract's labels. --float64 runs the network in float64 (the parameters are float32 values either way).

Loading checks what the Java loader checks: the SHA-256 of every file in checksums.sha256, the format and its
version, and that parameters.safetensors, spec.json's list and the network the spec builds hold the same names with
the same shapes. Debian's python3-torch (1.13) and python3-numpy; nothing else.
"""
import argparse
import hashlib
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from alignment_twin import MASK_BIAS, SensorTokenEncoder, SpecBlock, f32

FORMAT = "neurofusion-model"
FORMAT_VERSION = 1
KINDS = ("student", "single-modality")
# org.neurofusion.core.SensorFeatures: offsets in a sensor's feature vector, and the stable type codes
SENSOR_LAYOUT = {
    "count": 15, "position": 0, "has_position": 3, "orientation": 4, "source": 7, "detector": 10, "wavelength": 13,
    "type": 14, "type_codes": 20, "extra_features": 9,
    "code_of": {name: code for code, name in enumerate(
        ["EEG", "EOG", "ECG", "EMG", "SEEG", "ECOG", "RESP", "BIO", "GSR", "TEMPERATURE", "STIM", "MISC", "MAG",
         "GRAD", "REF_MEG", "FNIRS_CW_AMPLITUDE", "FNIRS_OD", "HBO", "HBR", "BOLD"])},
}
# ImputationHead.NORM_EPS: the floor under the imputed embedding's norm
NORM_EPS = 1e-12


class ModelError(Exception):
    """An artifact or an input this twin refuses; the message names the file and what differs."""


class ImputationHead(SpecBlock):
    """The twin of org.neurofusion.models.ImputationHead; spec is ImputationSpec.toJson()."""

    def __init__(self, spec):
        super().__init__(spec)
        w = spec["width"]
        self._linear("in", spec["keptWidth"], w)
        self._table("position", spec["keptTokens"], w)
        self._table("queries", spec["missingTokens"], w)
        for i in range(spec["depth"]):
            layer = f"layers.{i}"
            self._norm(layer + ".norm_q", w)
            self._norm(layer + ".norm_kv", w)
            self._attention(layer + ".cross", w)
            self._norm(layer + ".norm1", w)
            self._attention(layer + ".attn", w)
            self._norm(layer + ".norm2", w)
            self._mlp(layer + ".mlp", w, w * spec["mlpRatio"])
        self._norm("norm", w)
        self._linear("out", w, spec["missingWidth"])
        self._linear("embed", w, spec["latentDim"])
        self._index_parameters()

    def forward(self, x):
        """Kept tokens (B, N_k, W_k) to the imputed tokens (B, missingTokens, missingWidth) and embedding."""
        b = x.shape[0]
        memory = self.linear(x, "in") + self.p("position")
        h = torch.zeros(b, self.spec["missingTokens"], self.spec["width"], dtype=x.dtype, device=x.device)
        h = h + self.p("queries")
        for i in range(self.spec["depth"]):
            layer = f"layers.{i}"
            kv = self.layer_norm(memory, layer + ".norm_kv")
            h = h + self.attention(self.layer_norm(h, layer + ".norm_q"), kv, None, layer + ".cross")
            n1 = self.layer_norm(h, layer + ".norm1")
            h = h + self.attention(n1, n1, None, layer + ".attn")
            h = h + self.mlp(self.layer_norm(h, layer + ".norm2"), layer + ".mlp")
        n = self.layer_norm(h, "norm")
        embedding = F.normalize(self.linear(n.mean(1), "embed"), p=2.0, dim=1, eps=NORM_EPS)
        return self.linear(n, "out"), embedding


class FusionBlock(SpecBlock):
    """The twin of org.neurofusion.models.FusionBlock; spec is FusionSpec.toJson()."""

    def __init__(self, spec):
        super().__init__(spec)
        w = spec["width"]
        for inp in spec["inputs"]:
            m = inp["modality"]
            self._linear(f"in.{m}", inp["width"], w)
            self._table(f"modality.{m}", 1, w)
            self._table(f"position.{m}", inp["tokens"], w)
        self._table("cls", 1, w)
        for i in range(spec["depth"]):
            self._norm(f"layers.{i}.norm1", w)
            self._attention(f"layers.{i}.attn", w)
            self._norm(f"layers.{i}.norm2", w)
            self._mlp(f"layers.{i}.mlp", w, w * spec["mlpRatio"])
        self._norm("norm", w)
        self._linear("head", w, spec["classes"])
        for inp in spec["inputs"]:
            self._param(f"readout.{inp['modality']}.weight", spec["classes"], inp["queries"] * inp["width"])
        self._index_parameters()

    def forward(self, inputs, presence):
        """Each input's tokens (B, N_m, W_m) in spec order and presence (B, M) to logits (B, classes), fused."""
        b, w = inputs[0].shape[0], self.spec["width"]
        like = inputs[0]
        sequence = [torch.zeros(b, 1, w, dtype=like.dtype, device=like.device) + self.p("cls")]
        keep = [torch.ones(b, 1, dtype=like.dtype, device=like.device)]
        for i, inp in enumerate(self.spec["inputs"]):
            m = inp["modality"]
            sequence.append(self.linear(inputs[i], f"in.{m}") + self.p(f"modality.{m}") + self.p(f"position.{m}"))
            keep.append(presence[:, i:i + 1].repeat(1, inp["tokens"]))
        h = torch.cat(sequence, 1)  # (B, S, W): the class token, then every input's tokens
        # 0 for a key that counts, -1e9 for an absent modality's key
        bias = ((torch.cat(keep, 1) - f32(1, h)) * f32(-MASK_BIAS, h)).reshape(b, 1, 1, h.shape[1])
        for i in range(self.spec["depth"]):
            n1 = self.layer_norm(h, f"layers.{i}.norm1")
            h = h + self.attention(n1, n1, bias, f"layers.{i}.attn")
            h = h + self.mlp(self.layer_norm(h, f"layers.{i}.norm2"), f"layers.{i}.mlp")
        fused = self.layer_norm(h[:, 0, :], "norm")
        logits = self.linear(fused, "head")
        for i, inp in enumerate(self.spec["inputs"]):
            # the direct readout: each query's token averaged over the time steps, counted where m is present
            q, wm = inp["queries"], inp["width"]
            pooled = inputs[i].reshape(b, inp["tokens"] // q, q, wm).mean(1).reshape(b, q * wm)
            logits = logits + self.linear_no_bias(pooled, f"readout.{inp['modality']}") * presence[:, i:i + 1]
        return logits, fused


class DecoderNetwork(nn.Module):
    """The twin of org.neurofusion.inference.DecoderNetwork, built from a parsed spec.json."""

    def __init__(self, spec):
        super().__init__()
        self.kind = spec["kind"]
        self.kept = spec["encoder"]["modality"]
        self.fusion_inputs = [inp["modality"] for inp in spec["fusion"]["inputs"]]
        self.encoder = SensorTokenEncoder(spec["encoder"], SENSOR_LAYOUT)
        self.imputation = ImputationHead(spec["imputation"]) if self.kind == "student" else None
        self.fusion = FusionBlock(spec["fusion"])

    def djl_parameters(self):
        """Every parameter under its artifact name (encoder.<m>/..., imputation/..., fusion/...), in Java's order."""
        out = {f"encoder.{self.kept}/{k}": v for k, v in self.encoder.named.items()}
        if self.imputation is not None:
            out.update({f"imputation/{k}": v for k, v in self.imputation.named.items()})
        out.update({f"fusion/{k}": v for k, v in self.fusion.named.items()})
        return out

    def forward(self, data, sensors, mask):
        """Class probabilities (B, classes) of windows data (B, C, T), sensors (B, C, 15), mask (B, C)."""
        t = self.encoder(data, sensors, mask)[0]
        b, p, q, w = t.shape
        tokens = t.reshape(b, p * q, w)
        imputed = None if self.imputation is None else self.imputation(tokens)[0]
        inputs = [tokens if m == self.kept else imputed for m in self.fusion_inputs]
        presence = torch.ones(b, len(inputs), dtype=data.dtype, device=data.device)
        return self.fusion(inputs, presence)[0].softmax(1)


def verify_checksums(model_dir):
    listed = os.path.join(model_dir, "checksums.sha256")
    if not os.path.isfile(listed):
        raise ModelError(f"{listed} is missing: not a complete artifact")
    seen = set()
    with open(listed, encoding="ascii") as f:
        for line in f:
            if not line.strip():
                continue
            digest, name = line.rstrip("\n").split("  ", 1)
            path = os.path.join(model_dir, name)
            if not os.path.isfile(path):
                raise ModelError(f"{path} is missing")
            with open(path, "rb") as g:
                actual = hashlib.sha256(g.read()).hexdigest()
            if actual != digest:
                raise ModelError(f"{path}: SHA-256 is {actual} but checksums.sha256 says {digest}")
            seen.add(name)
    for name in ("spec.json", "parameters.safetensors"):
        if name not in seen:
            raise ModelError(f"{listed} does not list {name}")


def read_safetensors(path):
    """name -> float32 tensor, as the file's header lays them out (F32 only, as neurofusion writes)."""
    if sys.byteorder != "little":
        raise ModelError("torch.frombuffer reads native byte order; this reader needs a little-endian machine")
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ModelError(f"{path}: {len(raw)} bytes, shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ModelError(f"{path}: header length {n} at byte 0 runs past the end of the file ({len(raw)} bytes)")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    if not isinstance(header, dict):
        raise ModelError(f"{path}: the header at byte 8 is not a JSON object")
    header.pop("__metadata__", None)
    data = raw[8 + n:]
    tensors = {}
    for name, e in header.items():
        if e.get("dtype") != "F32":
            raise ModelError(f"{path}: tensor '{name}' is {e.get('dtype')}; only F32 is read")
        shape, (begin, end) = e["shape"], e["data_offsets"]
        count = math.prod(shape)
        if not 0 <= begin <= end <= len(data) or end - begin != 4 * count:
            raise ModelError(f"{path}: tensor '{name}' {shape} has data offsets [{begin}, {end}) in a data section"
                             f" of {len(data)} bytes; expected {4 * count} bytes")
        if count == 0:
            tensors[name] = torch.zeros(shape)  # frombuffer refuses an empty buffer
        else:
            tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(shape)
    return tensors


def load(model_dir, device="cpu", dtype=torch.float32):
    """The network of the artifact in model_dir with its parameters, in eval mode on device, and its spec."""
    verify_checksums(model_dir)
    spec_path = os.path.join(model_dir, "spec.json")
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    if spec.get("format") != FORMAT:
        raise ModelError(f"{spec_path}: not a neurofusion model spec (its 'format' is not {FORMAT})")
    if not isinstance(spec.get("format_version"), int) or spec["format_version"] > FORMAT_VERSION:
        raise ModelError(f"{spec_path}: format version {spec.get('format_version')} is not one this twin reads"
                         f" (1 to {FORMAT_VERSION})")
    if spec.get("kind") not in KINDS:
        raise ModelError(f"{spec_path}: kind '{spec.get('kind')}' is none of {list(KINDS)}")
    tensors_path = os.path.join(model_dir, "parameters.safetensors")
    tensors = read_safetensors(tensors_path)
    listed = {k: list(v) for k, v in spec["parameters"].items()}
    network = DecoderNetwork(spec)
    params = network.djl_parameters()
    expected = {k: list(p.shape) for k, p in params.items()}
    for what, names in ((f"{spec_path} lists", listed), (f"{tensors_path} holds", tensors)):
        missing = [k for k in expected if k not in names]
        if missing:
            raise ModelError(f"{what} no parameter {missing[0]} (the network the spec builds has it; "
                             f"{len(missing)} missing in all)")
        unexpected = [k for k in names if k not in expected]
        if unexpected:
            raise ModelError(f"{what} parameter '{unexpected[0]}', which the network the spec builds does not have")
    for k, shape in expected.items():
        for what, actual in ((tensors_path, list(tensors[k].shape)), (spec_path, listed[k])):
            if actual != shape:
                raise ModelError(f"parameter '{k}' is {actual} in {what} but {shape} in the network the spec builds")
    with torch.no_grad():
        for k, p in params.items():
            p.copy_(tensors[k])
    return network.to(device=device, dtype=dtype).eval(), spec


def read_inputs(spec, data_path, sensors_path, mask_path):
    """The three arrays, checked against each other and the spec; numpy arrays as stored."""
    data, sensors, mask = (np.load(p) for p in (data_path, sensors_path, mask_path))
    t = spec["encoder"]["windowSamples"]
    if data.ndim != 3 or data.shape[2] != t or data.shape[1] < 1:
        raise ModelError(f"{data_path}: shape {data.shape}, expected (B, C >= 1, {t})")
    b, c, _ = data.shape
    if sensors.shape != (b, c, SENSOR_LAYOUT["count"]):
        raise ModelError(f"{sensors_path}: shape {sensors.shape}, expected {(b, c, SENSOR_LAYOUT['count'])}"
                         f" to match {data_path}")
    if mask.shape != (b, c):
        raise ModelError(f"{mask_path}: shape {mask.shape}, expected {(b, c)} to match {data_path}")
    for path, a in ((data_path, data), (sensors_path, sensors), (mask_path, mask)):
        if a.dtype not in (np.float32, np.float64):
            raise ModelError(f"{path}: dtype {a.dtype}, expected float32 (or float64)")
    codes = sensors[:, :, SENSOR_LAYOUT["type"]][mask != 0]
    bad = (codes < 0) | (codes >= SENSOR_LAYOUT["type_codes"]) | (codes != np.rint(codes))
    if bad.any():
        raise ModelError(f"{sensors_path}: sensor type code {codes[bad][0]} on a real channel, expected an integer"
                         f" in [0, {SENSOR_LAYOUT['type_codes']})")
    return data, sensors, mask


def probabilities(network, data, sensors, mask, device="cpu", dtype=torch.float32, batch=64):
    """(B, classes) float64 numpy probabilities, batch windows per forward pass (windows never mix)."""
    out = []
    with torch.no_grad():
        for start in range(0, data.shape[0], batch):
            part = [torch.from_numpy(np.ascontiguousarray(a[start:start + batch])).to(device=device, dtype=dtype)
                    for a in (data, sensors, mask)]
            out.append(network(*part).double().cpu().numpy())
    return np.concatenate(out, 0)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model_dir")
    parser.add_argument("data")
    parser.add_argument("sensors")
    parser.add_argument("mask")
    parser.add_argument("out")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--float64", action="store_true", help="run the network in float64")
    parser.add_argument("--batch", type=int, default=64, help="windows per forward pass (default 64)")
    args = parser.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: this torch sees no CUDA device")
    if args.batch < 1:
        parser.error("--batch must be at least 1")
    dtype = torch.float64 if args.float64 else torch.float32
    try:
        network, spec = load(args.model_dir, args.device, dtype)
        data, sensors, mask = read_inputs(spec, args.data, args.sensors, args.mask)
    except ModelError as e:
        print(f"student_twin: {e}", file=sys.stderr)
        return 2
    result = probabilities(network, data, sensors, mask, args.device, dtype, args.batch)
    with open(args.out, "wb") as f:  # np.save(path) would add .npy to a name without it
        np.save(f, result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
