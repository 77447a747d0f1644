// The slice of ConvNetJS 0.3's API the benchmark uses (the package ships no types).
declare module 'convnetjs' {
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    w: Float64Array;
  }
  export class Net {
    makeLayers(defs: Record<string, unknown>[]): void;
  }
  export class Trainer {
    constructor(net: Net, options: Record<string, unknown>);
    train(x: Vol, y: number | number[]): { loss: number; cost_loss: number };
  }
  const convnetjs: { Vol: typeof Vol; Net: typeof Net; Trainer: typeof Trainer; REVISION: string };
  export default convnetjs;
}
