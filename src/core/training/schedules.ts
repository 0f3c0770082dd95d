// The step-size schedules η_t, one table entry per name: the CPU engine, the theory checks and the GPU's
// schedule_lr (shaders/optim.wgsl, a case per code, generated in src/gpu/buffers/schemas.ts) all read it, so a
// schedule is added here, in its WGSL case and in its tests. The safe fixed step is in step-size.ts.
export const SCHEDULE_NAMES = ['const', 'sqrt'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** A step-size schedule: η_t from the base η and the update number t (0-based). */
export interface StepSchedule {
  readonly name: ScheduleName;
  /** the rule, one line */
  readonly rule: string;
  /** η_t = η for every t (the fixed step of Theorem 3.4) */
  readonly constant: boolean;
  eta(lr: number, t: number): number;
}

/** The schedules, one entry per name; the GPU's schedule_lr (shaders/optim.wgsl) has a case per code. */
export const SCHEDULES: { readonly [S in ScheduleName]: StepSchedule & { readonly name: S } } = {
  const: { name: 'const', rule: 'η_t = η', constant: true, eta: (lr) => lr },
  sqrt: { name: 'sqrt', rule: 'η_t = η/√(t+1)', constant: false, eta: (lr, t) => lr / Math.sqrt(t + 1) },
};
