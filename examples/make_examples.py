#!/usr/bin/python3
"""Generate the small example models committed under examples/.

Run from the repository root with Debian's Python (the one that has the
packages below):

    /usr/bin/python3 examples/make_examples.py [outdir]

(outdir defaults to the directory of this script, i.e. examples/.)

Needs the Debian packages python3-torch, python3-onnx and python3-numpy
(tested with torch 1.13, onnx 1.12, numpy 1.24).

For every model NAME it writes

  NAME.onnx         the model; input tensor 'input', output tensor 'output',
                    batch dimension symbolic ('n')
  NAME.input.csv    200 random input samples, one per line, each the model's
                    input flattened row-major (NCHW for convolutions); header
                    x0,x1,...; values are Python repr() of float32 values
  NAME.output.csv   the reference outputs for those inputs, header y0,y1,...

Models exported from PyTorch (torch.onnx.export, opset 13):
  jet_mlp    16->64->32->32->5 MLP, ReLU, Softmax(dim=1)
  conv1d     Conv1d/BatchNorm1d/ReLU/MaxPool1d/Conv1d/ReLU/AvgPool1d/Flatten/Linear
  conv2d     Conv2d/BatchNorm2d/ReLU/MaxPool2d/grouped Conv2d/ReLU/
             depthwise Conv2d/Tanh/AvgPool2d/Flatten/Linear/Sigmoid
  residual   Linear+ReLU, residual Add, Concat of two Linear branches,
             LeakyReLU(0.1), Linear
Their reference outputs are PyTorch's own float32 forward pass.

Models built directly with onnx.helper (no PyTorch):
  qonnx_mlp        QONNX Quant nodes (domain qonnx.custom_op.general),
                   power-of-two scales
  qonnx_mlp_nonp2  same structure, non-power-of-two activation scales and a
                   per-output-channel weight scale
  qdq_mlp          standard QuantizeLinear/DequantizeLinear + Gemm
Their reference outputs come from the numpy implementation in this file
(float64 arithmetic on float32-rounded constants), since PyTorch cannot run
these graphs.

Everything is deterministic (fixed seeds, single thread); two runs give
byte-identical files.
"""

import os
import sys

import numpy as np

N_SAMPLES = 200
OPSET = 13


# ---------------------------------------------------------------------------
# CSV helpers (shared with make_extra_models.py)
# ---------------------------------------------------------------------------

def fmt(v):
    """repr of a float: shortest string that round-trips exactly."""
    return repr(float(v))


def write_csv(path, array, prefix):
    """Write a [n, ...] array as CSV: one sample per line, flattened row-major."""
    a = np.asarray(array)
    a = a.reshape(a.shape[0], -1)
    lines = [",".join("%s%d" % (prefix, i) for i in range(a.shape[1]))]
    for row in a:
        lines.append(",".join(fmt(v) for v in row))
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def read_csv(path):
    with open(path) as f:
        f.readline()
        return np.array([[float(t) for t in line.split(",")] for line in f if line.strip()])


def csv_text(array, prefix):
    """Same text write_csv would produce (for comparisons)."""
    a = np.asarray(array)
    a = a.reshape(a.shape[0], -1)
    lines = [",".join("%s%d" % (prefix, i) for i in range(a.shape[1]))]
    lines += [",".join(fmt(v) for v in row) for row in a]
    return "\n".join(lines) + "\n"


def random_inputs(seed, shape, n=N_SAMPLES, loc=0.0, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n,) + tuple(shape)) * scale + loc).astype(np.float32)


# ---------------------------------------------------------------------------
# PyTorch part
# ---------------------------------------------------------------------------

def torch_setup():
    import torch
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    return torch


def randomize_batchnorm(model, seed):
    """Give BatchNorm layers non-trivial affine parameters."""
    import torch
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=g))
                m.bias.copy_(0.5 * torch.randn(m.bias.shape, generator=g))


def train_briefly(model, in_shape, n_out, seed, steps=60, loc=0.0, lr=1e-2):
    """A few Adam steps of MSE regression to one-hot labels of a random
    linear 'teacher' on synthetic data.  Runs in train mode, so BatchNorm
    running statistics get updated; leaves the model in eval mode."""
    import torch
    torch.manual_seed(seed)
    n_in = int(np.prod(in_shape))
    teacher = torch.randn(n_in, n_out)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        x = torch.randn((128,) + tuple(in_shape)) + loc
        labels = (x.reshape(x.shape[0], -1) @ teacher).argmax(dim=1)
        target = torch.nn.functional.one_hot(labels, n_out).float()
        out = model(x)
        loss = torch.nn.functional.mse_loss(out.reshape(out.shape[0], -1)[:, :n_out], target)
        opt.zero_grad()
        loss.backward()
        opt.step()
    # extra forward passes in train mode for the BN running statistics
    with torch.no_grad():
        for _ in range(5):
            model(torch.randn((128,) + tuple(in_shape)) * 1.3 + loc + 0.2)
    model.eval()
    return model


def export_torch(model, x_example, path, opset=OPSET):
    import torch
    model.eval()
    torch.onnx.export(
        model, x_example, path,
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "n"}, "output": {0: "n"}},
        opset_version=opset, do_constant_folding=True,
    )


def torch_forward(model, x):
    import torch
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy().astype(np.float32)


def emit_torch_model(outdir, name, model, in_shape, seed, opset=OPSET, loc=0.0, scale=1.0):
    """Export model, write NAME.onnx / NAME.input.csv / NAME.output.csv."""
    import torch
    x = random_inputs(seed, in_shape, loc=loc, scale=scale)
    export_torch(model, torch.from_numpy(x[:2]), os.path.join(outdir, name + ".onnx"), opset)
    y = torch_forward(model, x)
    write_csv(os.path.join(outdir, name + ".input.csv"), x, "x")
    write_csv(os.path.join(outdir, name + ".output.csv"), y, "y")
    return x, y


def build_torch_models():
    """Returns a list of (name, model, input shape without batch)."""
    torch = torch_setup()
    nn = torch.nn

    models = []

    # 1. jet-tagging style MLP
    torch.manual_seed(1)
    jet = nn.Sequential(
        nn.Linear(16, 64), nn.ReLU(),
        nn.Linear(64, 32), nn.ReLU(),
        nn.Linear(32, 32), nn.ReLU(),
        nn.Linear(32, 5), nn.Softmax(dim=1),
    )
    train_briefly(jet, (16,), 5, seed=101)
    models.append(("jet_mlp", jet, (16,)))

    # 2. conv1d
    torch.manual_seed(2)
    c1 = nn.Sequential(
        nn.Conv1d(2, 4, kernel_size=3, padding=1),
        nn.BatchNorm1d(4),
        nn.ReLU(),
        nn.MaxPool1d(2),
        nn.Conv1d(4, 8, kernel_size=3, stride=1, padding=0),
        nn.ReLU(),
        nn.AvgPool1d(2),
        nn.Flatten(),
        nn.Linear(8 * 7, 5),
    )
    randomize_batchnorm(c1, 202)
    train_briefly(c1, (2, 32), 5, seed=102, loc=0.3)
    models.append(("conv1d", c1, (2, 32)))

    # 3. conv2d
    torch.manual_seed(3)
    c2 = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3, padding=1, groups=4),
        nn.ReLU(),
        nn.Conv2d(8, 8, 3, padding=1, groups=8),
        nn.Tanh(),
        nn.AvgPool2d(2),
        nn.Flatten(),
        nn.Linear(8 * 3 * 3, 10),
        nn.Sigmoid(),
    )
    randomize_batchnorm(c2, 203)
    train_briefly(c2, (1, 12, 12), 10, seed=103, loc=0.3)
    models.append(("conv2d", c2, (1, 12, 12)))

    # 4. residual / concat
    class Residual(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc_a = nn.Linear(16, 16)
            self.fc_c = nn.Linear(16, 8)
            self.fc_skip = nn.Linear(16, 8)
            self.act = nn.LeakyReLU(0.1)
            self.fc_out = nn.Linear(16, 4)

        def forward(self, x):
            a = torch.relu(self.fc_a(x))
            b = a + x
            c = self.fc_c(b)
            d = torch.cat([c, self.fc_skip(x)], dim=1)
            return self.fc_out(self.act(d))

    torch.manual_seed(4)
    res = Residual()
    train_briefly(res, (16,), 4, seed=104)
    models.append(("residual", res, (16,)))

    return models


# ---------------------------------------------------------------------------
# QONNX / QDQ part (onnx.helper + numpy reference)
# ---------------------------------------------------------------------------

QONNX_DOMAIN = "qonnx.custom_op.general"


def f32(a):
    return np.asarray(a, dtype=np.float32)


def quant_ref(x, scale, zeropt, bitwidth, signed, narrow):
    """QONNX Quant, ROUND = round half to even; float64 arithmetic."""
    x = np.asarray(x, np.float64)
    scale = np.asarray(scale, np.float64)
    zeropt = np.asarray(zeropt, np.float64)
    b = float(bitwidth)
    if signed:
        lo = -(2.0 ** (b - 1)) + (1 if narrow else 0)
        hi = 2.0 ** (b - 1) - 1
    else:
        lo = 0.0
        hi = 2.0 ** b - 1 - (1 if narrow else 0)
    q = np.clip(np.round(x / scale + zeropt), lo, hi)  # np.round: half to even
    return (q - zeropt) * scale


class QonnxBuilder:
    """Tiny helper to build a graph of Quant/MatMul/Add/Relu and evaluate it."""

    def __init__(self, name):
        self.name = name
        self.nodes = []
        self.inits = []
        self.ops = []  # numpy evaluation program
        self.count = 0

    def _fresh(self, base):
        self.count += 1
        return "%s_%d" % (base, self.count)

    def const(self, base, value):
        name = self._fresh(base)
        from onnx import numpy_helper
        self.inits.append(numpy_helper.from_array(f32(value), name))
        return name, f32(value)

    def quant(self, x, scale, bitwidth, signed, narrow, zeropt=0.0):
        from onnx import helper
        s_name, s = self.const("scale", scale)
        z_name, z = self.const("zeropt", zeropt)
        b_name, b = self.const("bitwidth", bitwidth)
        out = self._fresh("quant_out")
        self.nodes.append(helper.make_node(
            "Quant", [x, s_name, z_name, b_name], [out], name=self._fresh("Quant"),
            domain=QONNX_DOMAIN, signed=int(signed), narrow=int(narrow),
            rounding_mode="ROUND"))
        self.ops.append(("quant", x, out, (s, z, b, signed, narrow)))
        return out

    def weight(self, value):
        name, v = self.const("weight", value)
        self.ops.append(("const", None, name, v))
        return name

    def binop(self, op, a, b, out=None):
        from onnx import helper
        out = out or self._fresh(op.lower() + "_out")
        self.nodes.append(helper.make_node(op, [a, b], [out], name=self._fresh(op)))
        self.ops.append((op, (a, b), out, None))
        return out

    def add_const(self, a, value):
        name, v = self.const("bias", value)
        self.ops.append(("const", None, name, v))
        return self.binop("Add", a, name)

    def relu(self, x):
        from onnx import helper
        out = self._fresh("relu_out")
        self.nodes.append(helper.make_node("Relu", [x], [out], name=self._fresh("Relu")))
        self.ops.append(("Relu", x, out, None))
        return out

    def evaluate(self, x, output):
        env = {"input": np.asarray(x, np.float64)}
        for kind, src, dst, arg in self.ops:
            if kind == "const":
                env[dst] = np.asarray(arg, np.float64)
            elif kind == "quant":
                s, z, b, signed, narrow = arg
                env[dst] = quant_ref(env[src], s, z, b, signed, narrow)
            elif kind == "MatMul":
                env[dst] = env[src[0]] @ env[src[1]]
            elif kind == "Add":
                env[dst] = env[src[0]] + env[src[1]]
            elif kind == "Relu":
                env[dst] = np.maximum(env[src], 0.0)
            else:
                raise ValueError(kind)
        return env[output]

    def model(self, n_in, n_out, output):
        from onnx import TensorProto, helper
        graph = helper.make_graph(
            self.nodes, self.name,
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["n", n_in])],
            [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["n", n_out])],
            initializer=self.inits)
        m = helper.make_model(
            graph, producer_name="fhls-examples",
            opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(QONNX_DOMAIN, 1)])
        m.ir_version = 7  # onnx 1.12 default would be 8; 7 is what opset 13 needs
        return m


def on_grid(rng, shape, step, lo, hi):
    """Random values that are integer multiples of `step` in [lo, hi]."""
    return f32(rng.integers(int(round(lo / step)), int(round(hi / step)) + 1, size=shape) * step)


def build_qonnx_mlp(nonp2):
    """input[n,10] -> Quant -> MatMul(Quant(W1)) -> Add -> Relu -> Quant
    -> MatMul(Quant(W2)) -> Add -> Quant -> output[n,4]."""
    n_in, n_hid, n_out = 10, 16, 4
    rng = np.random.default_rng(500 + int(nonp2))
    w1 = f32(rng.standard_normal((n_in, n_hid)) * 0.6)
    w2 = f32(rng.standard_normal((n_hid, n_out)) * 0.8)
    b1 = on_grid(rng, (n_hid,), 2.0 ** -8, -0.25, 0.25)
    b2 = on_grid(rng, (n_out,), 2.0 ** -8, -0.25, 0.25)

    q = QonnxBuilder("qonnx_mlp_nonp2" if nonp2 else "qonnx_mlp")
    if not nonp2:
        s_in, s_w1, s_h, s_w2, s_out = 2.0 ** -4, 2.0 ** -5, 2.0 ** -3, 2.0 ** -3, 2.0 ** -4
    else:
        s_in, s_h, s_out = 0.0375, 0.1, 0.03
        # per-output-channel weight scale for W1, shaped [1, n_hid] to broadcast over [n_in, n_hid]
        s_w1 = f32(np.max(np.abs(w1), axis=0, keepdims=True) / 31.0)
        s_w2 = 0.1
    h = q.quant("input", s_in, 8, signed=1, narrow=0)
    w1q = q.quant(q.weight(w1), s_w1, 6, signed=1, narrow=1)
    h = q.binop("MatMul", h, w1q)
    h = q.add_const(h, b1)
    h = q.relu(h)
    h = q.quant(h, s_h, 6, signed=0, narrow=0)
    w2q = q.quant(q.weight(w2), s_w2, 4, signed=1, narrow=0)
    h = q.binop("MatMul", h, w2q)
    h = q.add_const(h, b2)
    # final Quant writes to 'output'
    from onnx import helper
    s_name, s = q.const("scale", s_out)
    z_name, z = q.const("zeropt", 0.0)
    b_name, b = q.const("bitwidth", 10)
    q.nodes.append(helper.make_node(
        "Quant", [h, s_name, z_name, b_name], ["output"], name="Quant_out",
        domain=QONNX_DOMAIN, signed=1, narrow=0, rounding_mode="ROUND"))
    q.ops.append(("quant", h, "output", (s, z, b, 1, 0)))
    return q.model(n_in, n_out, "output"), (lambda x: q.evaluate(x, "output")), n_in


def qlinear_ref(x, scale, zp, lo, hi):
    """QuantizeLinear: saturate(round_half_even(x / scale) + zp)."""
    return np.clip(np.round(np.asarray(x, np.float64) / np.float64(scale)) + zp, lo, hi)


def dqlinear_ref(q, scale, zp):
    return (np.asarray(q, np.float64) - np.float64(zp)) * np.asarray(scale, np.float64)


def build_qdq_mlp():
    """input[n,10] -> Q/DQ(1/16, int8) -> Gemm(DQ(W1 int8, per-row scale), transB=1)
    -> Relu -> Q/DQ(1/8, uint8) -> Gemm(DQ(W2 int8, per-row scale), transB=1) -> output[n,4]."""
    from onnx import TensorProto, helper, numpy_helper
    n_in, n_hid, n_out = 10, 16, 4
    rng = np.random.default_rng(600)
    w1_i8 = rng.integers(-127, 128, size=(n_hid, n_in)).astype(np.int8)
    w2_i8 = rng.integers(-127, 128, size=(n_out, n_hid)).astype(np.int8)
    s_w1 = f32(2.0 ** -rng.integers(6, 9, size=n_hid))   # per output row (axis 0)
    s_w2 = f32(2.0 ** -rng.integers(6, 9, size=n_out))
    # biases on a 2^-8 grid, so the float64 reference is exact arithmetic
    # (and float32 evaluation of the graph is exact too)
    b1 = on_grid(rng, (n_hid,), 2.0 ** -8, -0.25, 0.25)
    b2 = on_grid(rng, (n_out,), 2.0 ** -8, -0.25, 0.25)
    s_in, s_h = f32(1.0 / 16), f32(1.0 / 8)

    inits = [
        numpy_helper.from_array(s_in, "in_scale"),
        numpy_helper.from_array(np.array(0, np.int8), "in_zp"),
        numpy_helper.from_array(w1_i8, "w1_int8"),
        numpy_helper.from_array(s_w1, "w1_scale"),
        numpy_helper.from_array(np.zeros(n_hid, np.int8), "w1_zp"),
        numpy_helper.from_array(b1, "b1"),
        numpy_helper.from_array(s_h, "h_scale"),
        numpy_helper.from_array(np.array(0, np.uint8), "h_zp"),
        numpy_helper.from_array(w2_i8, "w2_int8"),
        numpy_helper.from_array(s_w2, "w2_scale"),
        numpy_helper.from_array(np.zeros(n_out, np.int8), "w2_zp"),
        numpy_helper.from_array(b2, "b2"),
    ]
    N = helper.make_node
    nodes = [
        N("QuantizeLinear", ["input", "in_scale", "in_zp"], ["input_q"], name="Q_in"),
        N("DequantizeLinear", ["input_q", "in_scale", "in_zp"], ["input_dq"], name="DQ_in"),
        N("DequantizeLinear", ["w1_int8", "w1_scale", "w1_zp"], ["w1"], name="DQ_w1", axis=0),
        N("Gemm", ["input_dq", "w1", "b1"], ["h1"], name="Gemm_1", transB=1),
        N("Relu", ["h1"], ["h1_relu"], name="Relu_1"),
        N("QuantizeLinear", ["h1_relu", "h_scale", "h_zp"], ["h1_q"], name="Q_h"),
        N("DequantizeLinear", ["h1_q", "h_scale", "h_zp"], ["h1_dq"], name="DQ_h"),
        N("DequantizeLinear", ["w2_int8", "w2_scale", "w2_zp"], ["w2"], name="DQ_w2", axis=0),
        N("Gemm", ["h1_dq", "w2", "b2"], ["output"], name="Gemm_2", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "qdq_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["n", n_in])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["n", n_out])],
        initializer=inits)
    m = helper.make_model(graph, producer_name="fhls-examples",
                          opset_imports=[helper.make_opsetid("", OPSET)])
    m.ir_version = 7

    def ref(x):
        a = dqlinear_ref(qlinear_ref(x, s_in, 0, -128, 127), s_in, 0)
        w1 = dqlinear_ref(w1_i8, s_w1[:, None], 0)
        h = np.maximum(a @ w1.T + np.asarray(b1, np.float64), 0.0)
        h = dqlinear_ref(qlinear_ref(h, s_h, 0, 0, 255), s_h, 0)
        w2 = dqlinear_ref(w2_i8, s_w2[:, None], 0)
        return h @ w2.T + np.asarray(b2, np.float64)

    return m, ref, n_in


def emit_onnx_model(outdir, name, model, ref, n_in, seed, check=True):
    import onnx
    if check:
        onnx.checker.check_model(model)
    onnx.save(model, os.path.join(outdir, name + ".onnx"))
    # wide inputs, so that the input quantizers saturate now and then
    x = random_inputs(seed, (n_in,), scale=3.0)
    y = ref(x)
    write_csv(os.path.join(outdir, name + ".input.csv"), x, "x")
    write_csv(os.path.join(outdir, name + ".output.csv"), y, "y")
    return x, y


def verify(outdir, name, in_shape, full_check=True):
    """Reload what was written: the ONNX model must load (and pass the
    checker), be small, and the CSVs must parse back to the right shapes."""
    import onnx
    path = os.path.join(outdir, name + ".onnx")
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=full_check)
    assert os.path.getsize(path) < 200_000, name + ".onnx is too big"
    x = read_csv(os.path.join(outdir, name + ".input.csv"))
    y = read_csv(os.path.join(outdir, name + ".output.csv"))
    assert x.shape == (N_SAMPLES, int(np.prod(in_shape))), (name, x.shape)
    assert y.shape[0] == N_SAMPLES, (name, y.shape)
    assert np.all(x.astype(np.float32) == x), name  # inputs are exact float32 values
    assert np.all(np.isfinite(y)), name


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(outdir, exist_ok=True)

    for i, (name, model, in_shape) in enumerate(build_torch_models()):
        emit_torch_model(outdir, name, model, in_shape, seed=1000 + i)
        verify(outdir, name, in_shape)
        print("wrote", name)

    # The checker has no schema for the QONNX domain's Quant op, but it only
    # rejects unknown ops of domains it has registered (and shape inference
    # skips them), so it runs on the QONNX models too.
    built = [
        ("qonnx_mlp", build_qonnx_mlp(nonp2=False)),
        ("qonnx_mlp_nonp2", build_qonnx_mlp(nonp2=True)),
        ("qdq_mlp", build_qdq_mlp()),
    ]
    for i, (name, (m, ref, n_in)) in enumerate(built):
        emit_onnx_model(outdir, name, m, ref, n_in, seed=2000 + i)
        verify(outdir, name, (n_in,))
        print("wrote", name)


if __name__ == "__main__":
    main()
