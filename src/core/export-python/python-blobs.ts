// The lab's Gaussian-blobs generator (src/core/data/blobs.ts) in Python, for the program `lab script`
// writes: the same numpy legacy RandomState calls in the same order, and the same scalar arithmetic in the
// same order (plain Python floats, no vectorised sums), so that the data sets come out as the lab's.
export const PY_BLOBS = `
NOISE_SCALE = 1.0  # standard deviation of the noise around each class centre
CENTRE_SLACK_SDS = 2.0  # the centre sits this many noise deviations inside every margin constraint
SPREAD_ITERATIONS = 300  # repulsion steps spreading K directions on the sphere when 3 ≤ d < K
SPREAD_STEP = 0.05
MAX_DRAWS_PER_POINT = 100_000


def dot(a, b):
    s = 0.0
    for x, y in zip(a, b):
        s += x * y
    return s


def normalise(v):
    """Scales v to unit length in place; False when v is (numerically) zero."""
    norm = math.sqrt(dot(v, v))
    if not norm > 1e-9:
        return False
    for j in range(len(v)):
        v[j] /= norm
    return True


def regular_simplex(dirs, d, k, rng):
    """Random orthonormal vectors, centred and renormalised: pairwise cosine −1/(K−1)."""
    for c in range(k):
        v = dirs[c]
        while True:
            v[:] = rng.randn(d).tolist()
            for p in range(c):
                u = dirs[p]
                proj = dot(u, v)
                for j in range(d):
                    v[j] -= proj * u[j]
            if normalise(v):
                break
    mean = [0.0] * d
    for c in range(k):
        for j in range(d):
            mean[j] += dirs[c][j] / k
    for c in range(k):
        for j in range(d):
            dirs[c][j] -= mean[j]
        normalise(dirs[c])


def spread_on_sphere(dirs, d, k, rng):
    """Random unit vectors pushed apart by inverse-square repulsion (the Thomson problem)."""
    for c in range(k):
        while True:
            dirs[c][:] = rng.randn(d).tolist()
            if normalise(dirs[c]):
                break
    for _ in range(SPREAD_ITERATIONS):
        force = [[0.0] * d for _ in range(k)]
        for a in range(k):
            for b in range(a + 1, k):
                dist2 = 0.0
                for j in range(d):
                    dist2 += (dirs[a][j] - dirs[b][j]) ** 2
                scale = 1 / (dist2 * math.sqrt(dist2) + 1e-12)
                for j in range(d):
                    push = (dirs[a][j] - dirs[b][j]) * scale
                    force[a][j] += push
                    force[b][j] -= push
        for c in range(k):
            for j in range(d):
                dirs[c][j] += (SPREAD_STEP / k) * force[c][j]
        for c in range(k):
            normalise(dirs[c])


def class_directions(d, k, rng):
    """K unit class directions μ_c, as far apart as the dimension allows."""
    dirs = [[0.0] * d for _ in range(k)]
    if d == 1:
        dirs[0][0], dirs[1][0] = 1.0, -1.0
    elif d == 2:
        for c in range(k):
            angle = math.pi / 2 + (2 * math.pi * c) / k
            dirs[c] = [math.cos(angle), math.sin(angle)]
    elif d >= k:
        regular_simplex(dirs, d, k, rng)
    else:
        spread_on_sphere(dirs, d, k, rng)
    return dirs


def planted_margin(x, label, dirs):
    """min over c ≠ y of (μ_y − μ_c)ᵀx."""
    own = dot(x, dirs[label])
    return min(own - dot(x, dirs[c]) for c in range(len(dirs)) if c != label)


def draw_points(n, d, k, margin, dirs, radii, rng):
    """N points, labels cycling 0..K−1, each redrawn until it clears the planted margin."""
    X, y = [], []
    for i in range(n):
        label = i % k
        for _ in range(MAX_DRAWS_PER_POINT):
            x = [radii[label] * dirs[label][j] + NOISE_SCALE * rng.randn() for j in range(d)]
            if not planted_margin(x, label, dirs) < margin:
                break
        else:
            raise RuntimeError(f"blobs: no point of class {label} met the margin")
        X.append(x)
        y.append(label)
    return np.array(X, dtype=np.float64).reshape(n, d), np.array(y, dtype=np.int64)


def blobs_data(n, d, k, margin, seed):
    """Gaussian blobs around r_y·μ_y, separable through the origin with the planted margin: (train, test)."""
    rng = np.random.RandomState(seed)
    dirs = class_directions(d, k, rng)
    radii = [0.0] * k
    for label in range(k):
        for c in range(k):
            if c != label:
                gap = 1 - dot(dirs[label], dirs[c])  # = ‖μ_y − μ_c‖²/2 > 0
                noise_sd = NOISE_SCALE * math.sqrt(2 * gap)
                radii[label] = max(radii[label], (margin + CENTRE_SLACK_SDS * noise_sd) / gap)
    train = draw_points(n, d, k, margin, dirs, radii, rng)
    return train, draw_points(n, d, k, margin, dirs, radii, rng)
`;
