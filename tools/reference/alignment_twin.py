#!/usr/bin/python3
"""The contrastive alignment model in plain PyTorch: the twin of the DJL SensorTokenEncoder (EncoderLayers,
line for line), ProjectionHead, LearnableTemperature and symmetric InfoNCE, with one training step (forward,
backward, global-norm clipping, torch.optim.AdamW). Parameter names are the DJL names: an encoder's state dict
keys are its DJL parameter names (layers.0.attn.q.weight), a head's are DJL's child-prefixed names
(01hidden_weight), the temperature's is log_scale; the model's keys add the prefix encoders.<m>., heads.<m>.,
temperature.

Run by Java, on a folder the Java side wrote (config.json, arrays.json with every array's shape, one float64
.npy per array: the parameters under their state-dict key, the batch as batch.<m>.data/sensors/mask):

    /usr/bin/python3 tools/reference/alignment_twin.py golden DIR
        one step: writes DIR/out/<name>.npy (float64, 2-D: first axis by the rest) for the pooled embeddings,
        projections, loss, the global gradient norm, every gradient (grad.<key>) and every updated parameter
        (updated.<key>)
    /usr/bin/python3 tools/reference/alignment_twin.py bench DIR --threads N --steps S --warmup W
        times S training steps after W warm-up steps and prints one JSON object

Debian's python3-torch (1.13) and python3-numpy; nothing else.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# constants exactly as the Java side holds them (float32), so that a float64 run matches to rounding
LAYER_NORM_EPS = float(np.float32(1e-5))
MASK_BIAS = -1e9
CLIP = 20.0
MAD_TO_SIGMA = np.float32(1.4826)
SCALE_FLOOR = np.float32(1e-20)
MIN_WAVELENGTH_M = 0.01
MAX_WAVELENGTH_M = 1.0
OPTODE_SCALE_M = np.float32(0.03)


def f32(value, like):
    """A float32 constant as DJL's step.create(float) makes it; PyTorch promotes a 0-d operand to like's type."""
    return torch.tensor(float(np.float32(value)), dtype=torch.float32).to(like.dtype)


class SensorTokenEncoder(nn.Module):
    """The twin of org.neurofusion.models.SensorTokenEncoder / EncoderLayers; spec is EncoderSpec.toJson()."""

    def __init__(self, spec, layout):
        super().__init__()
        self.spec = spec
        self.layout = layout
        w = spec["width"]
        hidden = w * spec["mlpRatio"]
        self.patch_samples = spec["patchSamples"]
        self.patches = spec["windowSamples"] // spec["patchSamples"]
        # names with dots are module paths; registering leaves under ParameterDicts would rename them, so the
        # leaves are registered on small holder modules that mirror the DJL names
        self._linear("patch", self.patch_samples, w)
        self._linear("sensor.fourier", 6 * spec["fourierFrequencies"], w, bias=False)
        self._table("sensor.type", layout["type_codes"], w)
        self._linear("sensor.extra", layout["extra_features"], w, bias=False)
        self._table("time", self.patches, w)
        self._table("queries", spec["queries"], w)
        self._norm("cross.norm_q", w)
        self._norm("cross.norm_kv", w)
        self._attention("cross.attn", w)
        self._norm("cross.norm_mlp", w)
        self._mlp("cross.mlp", w, hidden)
        for i in range(spec["depth"]):
            self._norm(f"layers.{i}.norm1", w)
            self._attention(f"layers.{i}.attn", w)
            self._norm(f"layers.{i}.norm2", w)
            self._mlp(f"layers.{i}.mlp", w, hidden)
        self._norm("norm", w)
        self._linear("head", w, spec["embeddingSize"])
        omega = []
        f = spec["fourierFrequencies"]
        for k in range(f):
            lam = MIN_WAVELENGTH_M * math.pow(MAX_WAVELENGTH_M / MIN_WAVELENGTH_M, 0 if f == 1 else k / (f - 1))
            omega.append(np.float32(2 * math.pi / lam))
        # the same Parameter objects stay in place through .to() and load_state_dict, so one table serves
        self.named = dict(self.named_parameters())
        self.register_buffer("omega", torch.tensor(np.array(omega, dtype=np.float32)), persistent=False)

    # -- parameters, registered under their DJL names ------------------------------------------------------------
    def _param(self, name, *shape):
        # straight into the module tables: some DJL names (sensor.type) are also nn.Module attribute names, which
        # register_parameter refuses; state_dict and named_parameters read the tables, so the keys stay the DJL names
        *path, leaf = name.split(".")
        module = self
        for part in path:
            if part not in module._modules:
                module._modules[part] = nn.Module()
            module = module._modules[part]
        module._parameters[leaf] = nn.Parameter(torch.zeros(*shape))

    def _linear(self, name, n_in, n_out, bias=True):
        self._param(name + ".weight", n_out, n_in)
        if bias:
            self._param(name + ".bias", n_out)

    def _table(self, name, rows, width):
        self._param(name, rows, width)

    def _norm(self, name, width):
        self._param(name + ".gamma", width)
        self._param(name + ".beta", width)

    def _attention(self, name, width):
        self._linear(name + ".q", width, width)
        self._linear(name + ".k", width, width, bias=False)
        self._linear(name + ".v", width, width)
        self._linear(name + ".out", width, width)

    def _mlp(self, name, width, hidden):
        self._linear(name + ".fc1", width, hidden)
        self._linear(name + ".fc2", hidden, width)

    def p(self, name):
        return self.named[name]

    # -- the forward pass, step by step as in EncoderLayers -----------------------------------------------------
    def forward(self, data, sensors, mask):
        b, c, _ = data.shape
        p, q, w = self.patches, self.spec["queries"], self.spec["width"]
        x = self.normalise_window(data, mask).reshape(b, c, p, self.patch_samples)
        tokens = self.linear(x, "patch") + self.sensor_embedding(sensors, mask).unsqueeze(2)  # (B, C, P, W)
        kv = self.layer_norm(tokens.permute(0, 2, 1, 3), "cross.norm_kv")  # (B, P, C, W)
        queries = self.p("queries")
        bias = ((mask - 1) * f32(-MASK_BIAS, mask)).reshape(b, 1, 1, 1, c)
        z = self.attention(self.layer_norm(queries, "cross.norm_q"), kv, bias, "cross.attn") + queries
        z = z + self.mlp(self.layer_norm(z, "cross.norm_mlp"), "cross.mlp")
        z = z + self.p("time").reshape(p, 1, w)
        h = z.reshape(b, p * q, w)
        for i in range(self.spec["depth"]):
            n1 = self.layer_norm(h, f"layers.{i}.norm1")
            h = h + self.attention(n1, n1, None, f"layers.{i}.attn")
            h = h + self.mlp(self.layer_norm(h, f"layers.{i}.norm2"), f"layers.{i}.mlp")
        h = self.layer_norm(h, "norm")
        pooled = self.linear(h.mean(1), "head")
        return h.reshape(b, p, q, w), pooled

    def normalise_window(self, data, mask):
        t = data.shape[2]
        dev = data - data.mean(2, keepdim=True)
        lo, hi = (t - 1) // 2, t // 2
        # the two middle order statistics without a full sort, as the Java side takes them
        smallest = dev.abs().topk(hi + 1, 2, largest=False, sorted=False).values
        middle = smallest.topk(hi - lo + 1, 2).values  # [0]: order statistic hi, [hi - lo]: order statistic lo
        median = (middle[:, :, hi - lo:hi - lo + 1] + middle[:, :, 0:1]) * f32(0.5, data)
        scale = median * f32(MAD_TO_SIGMA, data) + f32(SCALE_FLOOR, data)
        return (dev / scale).clamp(-CLIP, CLIP) * mask.unsqueeze(2)

    def sensor_embedding(self, sensors, mask):
        lay = self.layout
        b, c, _ = sensors.shape
        f = self.spec["fourierFrequencies"]
        pos = sensors[:, :, lay["position"]:lay["position"] + 3]
        angles = (pos.unsqueeze(3) * self.omega.to(sensors.dtype)).reshape(b, c, 3 * f)
        fourier = F.linear(torch.cat([angles.sin(), angles.cos()], 2), self.p("sensor.fourier.weight"))
        codes = (sensors[:, :, lay["type"]] * mask).long()
        kind = F.one_hot(codes, lay["type_codes"]).to(sensors.dtype) @ self.p("sensor.type")
        offset = (sensors[:, :, lay["source"]:lay["source"] + 3]
                  - sensors[:, :, lay["detector"]:lay["detector"] + 3]) / f32(OPTODE_SCALE_M, sensors)
        extra = torch.cat([sensors[:, :, lay["has_position"]:lay["has_position"] + 1],
                           sensors[:, :, lay["orientation"]:lay["orientation"] + 3],
                           offset,
                           offset.square().sum(2, keepdim=True).sqrt(),
                           sensors[:, :, lay["wavelength"]:lay["wavelength"] + 1]], 2)
        return fourier + kind + F.linear(extra, self.p("sensor.extra.weight"))

    def attention(self, queries, keys_values, bias, name):
        heads = self.spec["heads"]
        d = self.spec["width"] // heads
        q = split_heads(self.linear(queries, name + ".q"), heads) * f32(1 / math.sqrt(d), queries)
        k = split_heads(F.linear(keys_values, self.p(name + ".k.weight")), heads)
        v = split_heads(self.linear(keys_values, name + ".v"), heads)
        scores = q @ k.transpose(-1, -2)  # (..., H, Nq, Nk)
        if bias is not None:
            scores = scores + bias
        mixed = scores.softmax(-1) @ v  # (..., H, Nq, D)
        merged = mixed.transpose(-3, -2)  # (..., Nq, H, D)
        merged = merged.reshape(*merged.shape[:-2], self.spec["width"])
        return self.dropout(self.linear(merged, name + ".out"))

    def mlp(self, x, name):
        return self.dropout(self.linear(F.gelu(self.linear(x, name + ".fc1")), name + ".fc2"))

    def linear(self, x, name):
        return F.linear(x, self.p(name + ".weight"), self.p(name + ".bias"))

    def layer_norm(self, x, name):
        return F.layer_norm(x, (x.shape[-1],), self.p(name + ".gamma"), self.p(name + ".beta"), LAYER_NORM_EPS)

    def dropout(self, x):
        rate = self.spec["dropout"]
        if not self.training or rate == 0:
            return x
        return F.dropout(x, rate, True)


def split_heads(x, heads):
    """(..., N, W) to (..., H, N, W / H)."""
    split = x.reshape(*x.shape[:-1], heads, x.shape[-1] // heads)
    return split.transpose(-3, -2)


class ProjectionHead(nn.Module):
    """The twin of org.neurofusion.alignment.ProjectionHead: Linear, GELU, Linear, L2 normalisation."""

    def __init__(self, spec):
        super().__init__()
        self.epsilon = spec["epsilon"]
        # DJL names a child block's parameters with the child's position and name: 01hidden_weight
        self.register_parameter("01hidden_weight", nn.Parameter(torch.zeros(spec["hidden_dim"], spec["input_dim"])))
        self.register_parameter("01hidden_bias", nn.Parameter(torch.zeros(spec["hidden_dim"])))
        self.register_parameter("02latent_weight", nn.Parameter(torch.zeros(spec["latent_dim"], spec["hidden_dim"])))
        self.register_parameter("02latent_bias", nn.Parameter(torch.zeros(spec["latent_dim"])))

    def forward(self, x):
        h = F.gelu(F.linear(x, getattr(self, "01hidden_weight"), getattr(self, "01hidden_bias")))
        y = F.linear(h, getattr(self, "02latent_weight"), getattr(self, "02latent_bias"))
        eps = torch.tensor(self.epsilon, dtype=torch.float64).to(y.dtype)
        return y / (y.square().sum(-1, keepdim=True) + eps).sqrt()


class Temperature(nn.Module):
    """The twin of LearnableTemperature: one 0-d parameter log_scale = log(1 / tau)."""

    def __init__(self):
        super().__init__()
        self.log_scale = nn.Parameter(torch.zeros(()))


class AlignmentTwin(nn.Module):
    """Encoders and heads of every modality plus the shared temperature; forward gives the InfoNCE loss."""

    def __init__(self, config):
        super().__init__()
        self.modalities = sorted(config["encoders"])
        self.max_scale = config["max_scale"]
        self.encoders = nn.ModuleDict({m: SensorTokenEncoder(config["encoders"][m], config["sensor_layout"])
                                       for m in self.modalities})
        self.heads = nn.ModuleDict({m: ProjectionHead(config["heads"][m]) for m in self.modalities})
        self.temperature = Temperature()

    def forward(self, batch):
        pooled, latent = {}, {}
        for m in self.modalities:
            pooled[m] = self.encoders[m](*batch[m])[1]
            latent[m] = self.heads[m](pooled[m])
        losses = [info_nce(latent[a], latent[b], self.temperature.log_scale, self.max_scale)
                  for i, a in enumerate(self.modalities) for b in self.modalities[i + 1:]]
        return sum(losses) / len(losses), pooled, latent


def info_nce(a, b, log_scale, max_scale):
    """Symmetric InfoNCE, every row present: mean of the two cross-entropies, logit scale exp(min(s, log max))."""
    scale = log_scale.clamp(max=math.log(max_scale)).exp()
    logits = (a @ b.t()) * scale
    target = torch.arange(a.shape[0])
    return (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target)) / 2


def clip_by_global_norm(parameters, max_norm):
    """As GradientClipping.clipByGlobalNorm: norm summed in float64, scale by max/norm when above, in place."""
    grads = [p.grad for p in parameters if p.grad is not None]
    norm = math.sqrt(sum(float(g.double().square().sum()) for g in grads))
    if math.isfinite(norm) and norm > max_norm:
        for g in grads:
            g.mul_(max_norm / norm)
    return norm


def load(folder):
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(folder, "arrays.json")) as f:
        shapes = json.load(f)
    dtype = torch.float64 if config["dtype"] == "float64" else torch.float32
    arrays = {name: torch.from_numpy(np.load(os.path.join(folder, name + ".npy")).reshape(shape)).to(dtype)
              for name, shape in shapes.items()}
    model = AlignmentTwin(config).to(dtype)
    state = {k: v for k, v in arrays.items() if not k.startswith("batch.")}
    for key, value in model.state_dict().items():
        if key in state and tuple(state[key].shape) != tuple(value.shape):
            raise SystemExit(f"parameter {key}: Java wrote shape {tuple(state[key].shape)}, the twin has "
                             f"{tuple(value.shape)}")
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise SystemExit(f"parameter names differ: missing in Java's files {missing}, unknown to the twin {unexpected}")
    batch = {m: [arrays[f"batch.{m}.{part}"] for part in ("data", "sensors", "mask")] for m in model.modalities}
    return config, model, batch


def optimiser(config, model):
    a = config["adamw"]
    return torch.optim.AdamW(model.parameters(), lr=config["lr"], betas=(a["beta1"], a["beta2"]), eps=a["epsilon"],
                             weight_decay=a["weight_decay"])


def step(model, opt, inputs, clip_norm):
    """One contrastive training step: forward, backward, global-norm clipping, AdamW."""
    opt.zero_grad(set_to_none=False)
    loss, pooled, latent = model(inputs)
    loss.backward()
    norm = clip_by_global_norm(model.parameters(), clip_norm)
    opt.step()
    return loss, pooled, latent, norm


def save(folder, name, t):
    a = t.detach().double().numpy()
    rows = a.shape[0] if a.ndim > 0 else 1
    np.save(os.path.join(folder, name + ".npy"), a.reshape(rows, -1))


def golden(folder):
    config, model, batch = load(folder)
    model.train(config["training"])
    opt = optimiser(config, model)
    opt.zero_grad(set_to_none=False)
    loss, pooled, latent = model({m: list(parts) for m, parts in batch.items()})
    loss.backward()
    out = os.path.join(folder, "out")
    os.makedirs(out, exist_ok=True)
    for m in model.modalities:
        save(out, "pooled." + m, pooled[m])
        save(out, "latent." + m, latent[m])
    save(out, "loss", loss)
    for key, p in model.named_parameters():
        save(out, "grad." + key, p.grad)
    norm = clip_by_global_norm(model.parameters(), config["clip_norm"])
    save(out, "norm", torch.tensor(norm, dtype=torch.float64))
    opt.step()
    for key, p in model.named_parameters():
        save(out, "updated." + key, p)


def bench(folder, threads, steps, warmup):
    torch.set_num_threads(threads)
    config, model, batch = load(folder)
    model.train(True)
    opt = optimiser(config, model)
    ms = []
    for i in range(warmup + steps):
        # a fresh copy of the batch each step, handed over before the clock starts, as on the Java side
        inputs = {m: [t.clone() for t in parts] for m, parts in batch.items()}
        t0 = time.perf_counter()
        loss = step(model, opt, inputs, config["clip_norm"])[0]
        value = float(loss)  # reading the loss ends the step, as the Java side does
        if i >= warmup:
            ms.append((time.perf_counter() - t0) * 1e3)
        if not math.isfinite(value):
            raise SystemExit(f"step {i}: loss is {value}")
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "ms": ms,
                      "parameters": sum(p.numel() for p in model.parameters()),
                      "peak_rss_kib": peak_rss_kib(), "last_loss": value}))


def peak_rss_kib():
    """This process's peak resident set. VmHWM, not getrusage: Linux carries ru_maxrss across exec, so a child
    started by a JVM would report the JVM's peak as its own."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["golden", "bench"])
    parser.add_argument("folder")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)
    torch.set_num_interop_threads(1)
    if args.mode == "golden":
        golden(args.folder)
    else:
        bench(args.folder, args.threads, args.steps, args.warmup)


if __name__ == "__main__":
    main(sys.argv[1:])
