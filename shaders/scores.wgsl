// Tiled scores S = X·W of one run (large problems): each workgroup computes a TILE×TILE block of
// S (rows i, classes k), stepping through d in TILE-wide slabs of X and W held in workgroup memory.

// run: the run's sizes, offsets and settings
@group(0) @binding(0) var<uniform> run: RunParams;
// X: the features of every problem, row-major N×d, concatenated
@group(0) @binding(1) var<storage, read> X: array<f32>;
// W_hi: the leading f32 part of each run's W (the low part is below the precision of one score)
@group(0) @binding(2) var<storage, read> W_hi: array<f32>;
// G: receives the scores S, N×K row-major
@group(0) @binding(3) var<storage, read_write> G: array<f32>;

var<workgroup> xTile: array<f32, TILE_AREA>;
var<workgroup> wTile: array<f32, TILE_AREA>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  var acc = 0.0;
  for (var j0 = 0u; j0 < run.dim; j0 += TILE) {
    let xj = j0 + lid.x;
    xTile[lid.y * TILE + lid.x] = select(0.0, X[run.xOffset + row * run.dim + xj], row < run.n && xj < run.dim);
    let wj = j0 + lid.y;
    wTile[lid.y * TILE + lid.x] = select(0.0, W_hi[run.wOffset + wj * run.classes + col], wj < run.dim && col < run.classes);
    workgroupBarrier();
    for (var q = 0u; q < TILE; q++) { acc += xTile[lid.y * TILE + q] * wTile[q * TILE + lid.x]; }
    workgroupBarrier();
  }
  if (row < run.n && col < run.classes) { G[row * run.classes + col] = acc; }
}
