// Split-K product Xᵀ·G of one run (large problems): workgroup (k-tile, j-tile, slice p) sums the
// rows of slice p, each row of G rescaled from its own shift to the slice's largest shift, so the
// partial sums keep full precision however far apart the examples' log weights are.

// run: the run's sizes, offsets and settings
@group(0) @binding(0) var<uniform> run: RunParams;
// X: the features of every problem, row-major N×d, concatenated
@group(0) @binding(1) var<storage, read> X: array<f32>;
// G: the row-shifted score gradient, N×K
@group(0) @binding(2) var<storage, read> G: array<f32>;
// rowShift: per example, the log shift of its row of G
@group(0) @binding(3) var<storage, read> rowShift: array<f32>;
// partial: per slice, d×K partial sums of Xᵀ·G scaled by exp(−sliceShift[p])
@group(0) @binding(4) var<storage, read_write> partial: array<f32>;
// sliceShift: per slice, the largest row shift in it
@group(0) @binding(5) var<storage, read_write> sliceShift: array<f32>;

var<workgroup> xTile: array<f32, TILE_AREA>;
var<workgroup> gTile: array<f32, TILE_AREA>;
var<workgroup> maxPart: array<f32, TILE_AREA>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) lindex: u32) {
  let rowsPerSlice = (run.n + SPLIT_K_PARTS - 1u) / SPLIT_K_PARTS;
  let start = min(run.n, wid.z * rowsPerSlice);
  let end = min(run.n, start + rowsPerSlice);
  var m = LOG_ZERO;
  for (var i = start + lindex; i < end; i += TILE_AREA) { m = max(m, rowShift[i]); }
  maxPart[lindex] = m;
  workgroupBarrier();
  var shift = LOG_ZERO;
  for (var l = 0u; l < TILE_AREA; l++) { shift = max(shift, maxPart[l]); }

  let j = wid.y * TILE + lid.y;
  let k = wid.x * TILE + lid.x;
  var acc = 0.0;
  for (var i0 = start; i0 < end; i0 += TILE) {
    let i = i0 + lid.y;
    let xj = wid.y * TILE + lid.x;
    xTile[lid.y * TILE + lid.x] = select(0.0, X[run.xOffset + i * run.dim + xj], i < end && xj < run.dim);
    gTile[lid.y * TILE + lid.x] = select(0.0, G[i * run.classes + k] * exp(rowShift[i] - shift), i < end && k < run.classes);
    workgroupBarrier();
    for (var q = 0u; q < TILE; q++) { acc += xTile[q * TILE + lid.y] * gTile[q * TILE + lid.x]; }
    workgroupBarrier();
  }
  let dk = run.dim * run.classes;
  if (j < run.dim && k < run.classes) { partial[wid.z * dk + j * run.classes + k] = acc; }
  if (lindex == 0u) { sliceShift[wid.z] = shift; }
}
