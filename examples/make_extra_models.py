#!/usr/bin/python3
"""Write more PyTorch-exported ONNX models for manual try-outs (not committed).

    /usr/bin/python3 examples/make_extra_models.py OUTDIR

Needs the Debian packages python3-torch, python3-onnx and python3-numpy.
Uses the helpers of make_examples.py (same directory).

For each model NAME it writes OUTDIR/NAME.onnx, NAME.input.csv (200 samples)
and NAME.output.csv (PyTorch float32 outputs), in the same formats as the
committed examples (see examples/README.md).  The input is named 'input',
the output 'output', batch dimension symbolic.  Models and the ops they are
meant to exercise:

  mlp_bn_tanh_sigmoid  (opset 13) Linear, BatchNorm1d, Tanh, Sigmoid
  matmul_3d            (opset 13) Linear on a [n, 4, 8] input -> MatMul + Add
  matmul_param         (opset 11) torch.matmul(x, W) + b with parameters
  conv1d_extra         (opset 17) strided/dilated Conv1d, ELU, GlobalMaxPool
  conv2d_pad_avgpool   (opset 11) nn.ZeroPad2d, F.pad, AvgPool2d with
                       count_include_pad True and False, x.view(x.size(0), -1)
  activations_a        (opset 13) ELU, SELU, Hardsigmoid, Hardswish, Softplus
  activations_b        (opset 17) Softsign, PReLU, Hardtanh, torch.clamp,
                       Hardswish
  upsample_transpose   (opset 13) Upsample nearest x2, permute, view-Reshape
  dropout_globalpool   (opset 13) Dropout (eval), AdaptiveAvgPool2d(1),
                       AdaptiveMaxPool2d(1), Mul of two branches
  arith                (opset 17) Mul of two branches, Sub, Div and Mul by
                       constants, Add, Slice (x[:, :3]), ReduceMax (torch.amax)
  flatten_view_opset11 (opset 11) x.view(x.size(0), -1) after Conv2d
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_examples as mx  # noqa: E402


def build(torch):
    nn = torch.nn
    F = torch.nn.functional
    models = []  # (name, module, input shape, opset, needs BN randomization)

    torch.manual_seed(11)
    models.append(("mlp_bn_tanh_sigmoid", nn.Sequential(
        nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Tanh(),
        nn.Linear(16, 8), nn.Sigmoid()), (8,), 13))

    torch.manual_seed(12)
    models.append(("matmul_3d", nn.Sequential(
        nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 3)), (4, 8), 13))

    class MatmulParam(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.randn(8, 5) * 0.4)
            self.b = nn.Parameter(torch.randn(5) * 0.1)

        def forward(self, x):
            return torch.relu(torch.matmul(x, self.w) + self.b)

    torch.manual_seed(13)
    models.append(("matmul_param", MatmulParam(), (8,), 11))

    class Conv1dExtra(nn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv1d(3, 6, kernel_size=5, stride=2, padding=2)
            self.c2 = nn.Conv1d(6, 4, kernel_size=3, dilation=2)
            self.pool = nn.AdaptiveMaxPool1d(1)

        def forward(self, x):
            x = F.elu(self.c1(x))
            x = torch.relu(self.c2(x))
            return self.pool(x).flatten(1)

    torch.manual_seed(14)
    models.append(("conv1d_extra", Conv1dExtra(), (3, 24), 17))

    class Conv2dPad(nn.Module):
        def __init__(self):
            super().__init__()
            self.zp = nn.ZeroPad2d((1, 2, 0, 1))  # left, right, top, bottom
            self.c1 = nn.Conv2d(2, 4, 3)
            self.c2 = nn.Conv2d(4, 4, 3)
            self.avg_incl = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=True)
            self.avg_excl = nn.AvgPool2d(2, stride=2, padding=1, count_include_pad=False)
            self.fc = nn.Linear(4 * 5 * 5, 3)

        def forward(self, x):                        # [n, 2, 8, 8]
            x = torch.relu(self.c1(self.zp(x)))      # [n, 4, 7, 9]
            x = F.pad(x, (1, 1, 2, 0))               # [n, 4, 9, 11]
            x = self.c2(x)                           # [n, 4, 7, 9]
            x = self.avg_incl(x)                     # [n, 4, 7, 9]
            x = self.avg_excl(x)                     # [n, 4, 4, 5]
            x = F.pad(x, (0, 0, 0, 1))               # [n, 4, 5, 5]
            return self.fc(x.view(x.size(0), -1))

    torch.manual_seed(15)
    models.append(("conv2d_pad_avgpool", Conv2dPad(), (2, 8, 8), 11))

    torch.manual_seed(16)
    models.append(("activations_a", nn.Sequential(
        nn.Linear(6, 12), nn.ELU(alpha=0.8),
        nn.Linear(12, 12), nn.SELU(),
        nn.Linear(12, 12), nn.Hardsigmoid(),
        nn.Linear(12, 12), nn.Hardswish(),
        nn.Linear(12, 4), nn.Softplus()), (6,), 13))

    class ActB(nn.Module):
        def __init__(self):
            super().__init__()
            self.l1 = nn.Linear(6, 12)
            self.prelu = nn.PReLU(12, init=0.2)
            self.l2 = nn.Linear(12, 12)
            self.ht = nn.Hardtanh(-0.5, 1.5)
            self.l3 = nn.Linear(12, 12)
            self.hs = nn.Hardswish()
            self.l4 = nn.Linear(12, 4)

        def forward(self, x):
            x = nn.functional.softsign(self.l1(x))
            x = self.prelu(x * 3.0)
            x = self.ht(self.l2(x))
            x = torch.clamp(self.l3(x), min=-1.0, max=2.0)
            return self.l4(self.hs(x))

    torch.manual_seed(17)
    act_b = ActB()
    with torch.no_grad():  # different slope per channel
        act_b.prelu.weight.copy_(torch.linspace(-0.3, 0.5, 12))
    models.append(("activations_b", act_b, (6,), 17))

    class UpsampleTranspose(nn.Module):
        def __init__(self):
            super().__init__()
            self.up = nn.Upsample(scale_factor=2, mode="nearest")
            self.c = nn.Conv2d(2, 3, 1)
            self.fc = nn.Linear(8 * 8 * 3, 4)

        def forward(self, x):                 # [n, 2, 4, 4]
            x = torch.relu(self.c(self.up(x)))  # [n, 3, 8, 8]
            x = x.permute(0, 2, 3, 1)         # [n, 8, 8, 3]  (Transpose)
            x = x.contiguous().view(x.size(0), -1)
            return self.fc(x)

    torch.manual_seed(18)
    models.append(("upsample_transpose", UpsampleTranspose(), (2, 4, 4), 13))

    class DropoutGlobalPool(nn.Module):
        def __init__(self):
            super().__init__()
            self.c = nn.Conv2d(3, 6, 3, padding=1)
            self.bn = nn.BatchNorm2d(6)
            self.drop = nn.Dropout(0.3)
            self.gap = nn.AdaptiveAvgPool2d(1)
            self.gmp = nn.AdaptiveMaxPool2d(1)
            self.fc = nn.Linear(6, 3)

        def forward(self, x):
            x = self.drop(torch.relu(self.bn(self.c(x))))
            a = self.gap(x).flatten(1)
            m = self.gmp(x).flatten(1)
            return self.fc(a * m)

    torch.manual_seed(19)
    models.append(("dropout_globalpool", DropoutGlobalPool(), (3, 6, 6), 13))

    class Arith(nn.Module):
        def __init__(self):
            super().__init__()
            self.la = nn.Linear(8, 6)
            self.lb = nn.Linear(8, 6)
            self.lo = nn.Linear(6, 3)

        def forward(self, x):
            a = self.la(x)
            b = self.lb(x)
            y = a * b - b          # Mul of two branches, Sub
            y = y / 3.0            # Div by a constant
            y = y * 0.5 + 0.25     # Mul and Add by constants
            # Slice of the input, ReduceMax over features
            return self.lo(y) - x[:, :3] + torch.amax(x, dim=1, keepdim=True)

    torch.manual_seed(20)
    models.append(("arith", Arith(), (8,), 17))

    class FlattenView(nn.Module):
        def __init__(self):
            super().__init__()
            self.c = nn.Conv2d(1, 2, 3)
            self.fc = nn.Linear(2 * 4 * 4, 3)

        def forward(self, x):
            x = torch.relu(self.c(x))
            return self.fc(x.view(x.size(0), -1))

    torch.manual_seed(21)
    models.append(("flatten_view_opset11", FlattenView(), (1, 6, 6), 11))
    return models


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.commonpath([here, os.path.abspath(outdir)]) == here:
        sys.exit("refusing to write into examples/: these models are not meant to be committed")
    os.makedirs(outdir, exist_ok=True)
    torch = mx.torch_setup()
    for i, (name, model, in_shape, opset) in enumerate(build(torch)):
        mx.randomize_batchnorm(model, 300 + i)
        with torch.no_grad():
            n_out = int(np.prod(model.eval()(torch.zeros((2,) + in_shape)).shape[1:]))
        mx.train_briefly(model, in_shape, n_out, seed=400 + i, steps=30)
        mx.emit_torch_model(outdir, name, model, in_shape, seed=3000 + i, opset=opset)
        mx.verify(outdir, name, in_shape)
        print("wrote", name, "opset", opset)


if __name__ == "__main__":
    main()
