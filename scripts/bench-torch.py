# The PyTorch anchor of `npm run bench` (scripts/bench.ts runs it): the same MNIST CNN as
# configs/mnist_cnn.json (conv2 = 32 filters) or configs/mnist_cnn_keras2.json (64), on
# synthetic 28x28x1 data, categorical cross-entropy, Adadelta lr 1.0 rho 0.95, the same
# warm-up and timed steps. Prints one JSON line: images/s from the median step, peak RSS.
import json
import resource
import statistics
import sys
import time

import torch
from torch import nn

conv2, threads, batch, warmup, steps, epsilon = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
torch.set_num_threads(threads)
torch.manual_seed(1)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(),
    nn.Conv2d(32, conv2, 3), nn.ReLU(),
    nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
    nn.Linear(12 * 12 * conv2, 128), nn.ReLU(), nn.Dropout(0.5),
    nn.Linear(128, 10),
)
# CrossEntropyLoss takes logits: the softmax and the cross-entropy fused, as Keras's is.
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.95, eps=epsilon)
x = torch.rand(batch, 1, 28, 28)
y = torch.randint(0, 10, (batch,))


def step():
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()


for _ in range(warmup):
    step()
times = []
for _ in range(steps):
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
print(json.dumps({
    "imagesPerSecond": batch / statistics.median(times),
    "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "torch": torch.__version__,
}))
