#!/usr/bin/python3
"""The contrastive alignment model in plain PyTorch: the twin of the DJL AlignmentModel (SensorTokenEncoder as
EncoderLayers writes it, line for line; ProjectionHead; LearnableTemperature) and of ContrastiveStep with the
InfoNCE objective (symmetric InfoNCE, backward, global-norm clipping, torch.optim.AdamW). Parameter names are the
DJL names: AlignmentModel's encoder.<m>/layers.0.attn.q.weight, head.<m>/01hidden_weight, temperature/log_scale are
this model's state-dict keys encoder.<m>.layers.0.attn.q.weight, head.<m>.01hidden_weight, temperature.log_scale
(the first '/' read as a module separator).

Run by Java, on a folder the Java side wrote (config.json, arrays.json with every array's name and shape, one
float64 .npy per array named as the array with '/' as '~': the parameters, and the batch as
batch.<m>.data/sensors/mask):

    /usr/bin/python3 tools/reference/alignment_twin.py golden DIR
        one step: writes DIR/out/<name>.npy (float64, 2-D: first axis by the rest) for the pooled embeddings,
        projections, loss, the global gradient norm, every gradient (grad.<DJL name>) and every updated parameter
        (updated.<DJL name>)
    /usr/bin/python3 tools/reference/alignment_twin.py bench DIR --threads N --steps S --warmup W
        times S training steps after W warm-up steps and prints one JSON object

Debian's python3-torch (1.13) and python3-numpy; nothing else. student_twin.py (same folder) builds a deployed
model's network from SpecBlock and SensorTokenEncoder below.
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
POWER_FLOOR = np.float32(1e-4)
# each channel type's unit before patching, by ChannelType name (EncoderLayers.unitOf); 1 for any other type
UNITS = {"EEG": 5e-5, "EOG": 5e-5, "EMG": 5e-5, "SEEG": 5e-5, "ECOG": 5e-5, "ECG": 1e-3, "MAG": 1e-12,
         "REF_MEG": 1e-12, "GRAD": 1e-10, "FNIRS_OD": 1e-2, "HBO": 1e-6, "HBR": 1e-6}
MIN_WAVELENGTH_M = 0.01
MAX_WAVELENGTH_M = 1.0
OPTODE_SCALE_M = np.float32(0.03)
# the latent queries' spatial prior (EncoderLayers.SPATIAL_PRIOR): the score gap between a sensor on a query's
# direction and one at 90 degrees from it
SPATIAL_PRIOR = 4.0
# the floor under a position's length before it is made a unit vector: a sensor without a position stays zero
POSITION_NORM_FLOOR = np.float32(1e-6)


def f32(value, like):
    """A float32 constant as DJL's step.create(float) makes it; PyTorch promotes a 0-d operand to like's type."""
    return torch.tensor(float(np.float32(value)), dtype=torch.float32).to(like.dtype)


class SpecBlock(nn.Module):
    """What every DJL block here shares (org.neurofusion.models.SpecBlock and the primitives of EncoderLayers):
    parameters registered under their DJL names, and the linear, LayerNorm, attention, MLP and dropout steps. spec
    is the block's spec JSON; the primitives read its width, heads and dropout, which every spec has."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec

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

    def _index_parameters(self):
        # called once every parameter is declared; the same Parameter objects stay in place through .to() and
        # load_state_dict, so one table serves
        self.named = dict(self.named_parameters())

    def p(self, name):
        return self.named[name]

    # -- the primitives, as in EncoderLayers ---------------------------------------------------------------------
    def attention(self, queries, keys_values, bias, name):
        heads = self.spec["heads"]
        d = self.spec["width"] // heads
        q = split_heads(self.linear(queries, name + ".q"), heads) * f32(1 / math.sqrt(d), queries)
        k = split_heads(self.linear_no_bias(keys_values, name + ".k"), heads)
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

    def linear_no_bias(self, x, name):
        return F.linear(x, self.p(name + ".weight"))

    def layer_norm(self, x, name):
        return F.layer_norm(x, (x.shape[-1],), self.p(name + ".gamma"), self.p(name + ".beta"), LAYER_NORM_EPS)

    def dropout(self, x):
        rate = self.spec["dropout"]
        if not self.training or rate == 0:
            return x
        return F.dropout(x, rate, True)


class SensorTokenEncoder(SpecBlock):
    """The twin of org.neurofusion.models.SensorTokenEncoder / EncoderLayers; spec is EncoderSpec.toJson()."""

    def __init__(self, spec, layout):
        super().__init__(spec)
        self.layout = layout
        w = spec["width"]
        hidden = w * spec["mlpRatio"]
        self.patch_samples = spec["patchSamples"]
        self.patches = spec["windowSamples"] // spec["patchSamples"]
        # names with dots are module paths; registering leaves under ParameterDicts would rename them, so the
        # leaves are registered on small holder modules that mirror the DJL names
        self._linear("patch", self.patch_samples, w)
        self._linear("patch.power", 1, w, bias=False)
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
        # declared last on the Java side too (so the others draw what they drew before it); the initial values come
        # from Java's files, so only the name and shape matter here
        self._table("patch.type_gain", layout["type_codes"], w)
        omega = []
        f = spec["fourierFrequencies"]
        for k in range(f):
            lam = MIN_WAVELENGTH_M * math.pow(MAX_WAVELENGTH_M / MIN_WAVELENGTH_M, 0 if f == 1 else k / (f - 1))
            omega.append(np.float32(2 * math.pi / lam))
        self._index_parameters()
        self.register_buffer("omega", torch.tensor(np.array(omega, dtype=np.float32)), persistent=False)
        units = np.ones(layout["type_codes"], dtype=np.float32)
        for name, code in layout["code_of"].items():
            units[code] = np.float32(UNITS.get(name, 1.0))
        self.register_buffer("units", torch.tensor(units).reshape(-1, 1), persistent=False)
        self.register_buffer("directions", torch.tensor(query_directions(spec["queries"])), persistent=False)

    # -- the forward pass, step by step as in EncoderLayers -----------------------------------------------------
    def forward(self, data, sensors, mask):
        b, c, _ = data.shape
        p, q, w = self.patches, self.spec["queries"], self.spec["width"]
        x = self.normalise_window(data, sensors, mask).reshape(b, c, p, self.patch_samples)
        power = (x.pow(f32(2, x)).mean(3, keepdim=True) + f32(POWER_FLOOR, x)).log()  # (B, C, P, 1)
        patch_term = self.linear(x, "patch") + self.linear_no_bias(power, "patch.power")
        patch_term = patch_term * self.type_gain(sensors, mask).unsqueeze(2)  # gains (B, C, 1, W)
        tokens = patch_term + self.sensor_embedding(sensors, mask).unsqueeze(2)  # (B, C, P, W)
        kv = self.layer_norm(tokens.permute(0, 2, 1, 3), "cross.norm_kv")  # (B, P, C, W)
        queries = self.p("queries")
        bias = ((mask - 1) * f32(-MASK_BIAS, mask)).reshape(b, 1, 1, 1, c)
        bias = bias + self.spatial_prior(sensors)  # (B, 1, 1, Q, C)
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

    def normalise_window(self, data, sensors, mask):
        dev = data - data.mean(2, keepdim=True)
        codes = (sensors[:, :, self.layout["type"]] * mask).int().long()
        unit = F.one_hot(codes, self.layout["type_codes"]).to(data.dtype) @ self.units.to(data.dtype)  # (B, C, 1)
        return (dev / unit).clamp(-CLIP, CLIP) * mask.unsqueeze(2)

    def type_gain(self, sensors, mask):
        """(B, C, W): 1 + the channel type's row of patch.type_gain; padding takes type code 0's row."""
        codes = (sensors[:, :, self.layout["type"]] * mask).long()
        one_hot = F.one_hot(codes, self.layout["type_codes"]).to(sensors.dtype)
        return one_hot @ self.p("patch.type_gain") + f32(1, sensors)

    def spatial_prior(self, sensors):
        """(B, 1, 1, Q, C): SPATIAL_PRIOR x cos(sensor direction from the origin, query direction u_k); a sensor
        at the origin (no position) gets 0."""
        b, c, _ = sensors.shape
        q = self.spec["queries"]
        pos = sensors[:, :, self.layout["position"]:self.layout["position"] + 3]
        length = pos.square().sum(2, keepdim=True).sqrt()
        unit = pos / torch.maximum(length, f32(POSITION_NORM_FLOOR, pos))  # (B, C, 3)
        cos = unit @ self.directions.to(sensors.dtype).t()  # (B, C, Q)
        # the first ceil(Q/2) queries carry the prior, the others start by pooling every sensor alike
        strength = torch.zeros(q, dtype=cos.dtype, device=cos.device)
        strength[: (q + 1) // 2] = SPATIAL_PRIOR
        return (cos.transpose(1, 2) * strength.reshape(1, q, 1)).reshape(b, 1, 1, q, c)

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


def query_directions(q):
    """(Q, 3) float32 unit vectors over the upper hemisphere on a Fibonacci spiral from the vertex down: height
    z_k = 1 - (k + 1/2) / Q (equal areas), azimuth k times the golden angle; computed in double, stored as float32
    as EncoderLayers.queryDirections does."""
    golden = math.pi * (3 - math.sqrt(5))
    d = np.zeros((q, 3), dtype=np.float32)
    for k in range(q):
        z = 1 - (k + 0.5) / q
        r = math.sqrt(1 - z * z)
        phi = k * golden
        d[k] = (np.float32(r * math.cos(phi)), np.float32(r * math.sin(phi)), np.float32(z))
    return d


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
    """Encoders and heads of every modality plus the shared temperature (AlignmentModel's layout); forward gives
    the InfoNCE loss, the mean over modality pairs in name order."""

    def __init__(self, config):
        super().__init__()
        self.modalities = list(config["modalities"])
        self.max_scale = config["max_scale"]
        specs = config["model"]["encoders"]
        self.encoder = nn.ModuleDict({m: SensorTokenEncoder(specs[m], config["sensor_layout"])
                                      for m in self.modalities})
        self.head = nn.ModuleDict({m: ProjectionHead(config["heads"][m]) for m in self.modalities})
        self.temperature = Temperature()

    def forward(self, batch):
        pooled, latent = {}, {}
        for m in self.modalities:
            pooled[m] = self.encoder[m](*batch[m])[1]
            latent[m] = self.head[m](pooled[m])
        names = sorted(self.modalities)
        losses = [info_nce(latent[a], latent[b], self.temperature.log_scale, self.max_scale)
                  for i, a in enumerate(names) for b in names[i + 1:]]
        return sum(losses) / len(losses), pooled, latent


def state_key(djl_name):
    """AlignmentModel's name to this model's state-dict key: encoder.eeg/patch.weight -> encoder.eeg.patch.weight."""
    return djl_name.replace("/", ".", 1)


def file_of(name):
    return name.replace("/", "~") + ".npy"


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
    arrays = {name: torch.from_numpy(np.load(os.path.join(folder, file_of(name))).reshape(shape)).to(dtype)
              for name, shape in shapes.items()}
    model = AlignmentTwin(config).to(dtype)
    state = {state_key(k): v for k, v in arrays.items() if not k.startswith("batch.")}
    for key, value in model.state_dict().items():
        if key in state and tuple(state[key].shape) != tuple(value.shape):
            raise SystemExit(f"parameter {key}: Java wrote shape {tuple(state[key].shape)}, the twin has "
                             f"{tuple(value.shape)}")
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise SystemExit(f"parameter names differ: missing in Java's files {missing}, unknown to the twin {unexpected}")
    names = {state_key(k): k for k in shapes if not k.startswith("batch.")}
    batch = {m: [arrays[f"batch.{m}.{part}"] for part in ("data", "sensors", "mask")] for m in model.modalities}
    return config, model, batch, names


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
    np.save(os.path.join(folder, file_of(name)), a.reshape(rows, -1))


def golden(folder):
    config, model, batch, names = load(folder)
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
        save(out, "grad." + names[key], p.grad)
    norm = clip_by_global_norm(model.parameters(), config["clip_norm"])
    save(out, "norm", torch.tensor(norm, dtype=torch.float64))
    opt.step()
    for key, p in model.named_parameters():
        save(out, "updated." + names[key], p)


def bench(folder, threads, steps, warmup):
    torch.set_num_threads(threads)
    config, model, batch, _ = load(folder)
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
