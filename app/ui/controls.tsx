// Small labelled form controls. Every control has a visible label tied to the input (so it
// has an accessible name) and shows its current value as text.

import { useId } from 'react';

interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (value: number) => void;
  /** Text shown next to the label, e.g. the formatted value. */
  display: string;
  disabled?: boolean;
  hint?: string;
}

export function Slider({ label, value, min, max, step, onChange, display, disabled, hint }: SliderProps) {
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>
        <span>{label}</span>
        <output htmlFor={id}>{display}</output>
      </label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        aria-valuetext={display}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
      />
      {hint && <small className="hint">{hint}</small>}
    </div>
  );
}

interface LogSliderProps extends Omit<SliderProps, 'value' | 'min' | 'max' | 'step' | 'onChange'> {
  value: number;
  /** The range in values (not logarithms), both > 0. */
  min: number;
  max: number;
  /** Thumb step in decades. */
  step: number;
  /** Rounds the value the thumb lands on (e.g. to two significant digits). */
  round: (value: number) => number;
  onChange: (value: number) => void;
}

/** A slider on a log scale: the thumb moves in decades, the value is 10^position, rounded. */
export function LogSlider({ value, min, max, step, round, onChange, ...rest }: LogSliderProps) {
  return (
    <Slider
      {...rest}
      value={Math.log10(value)}
      min={Math.log10(min)}
      max={Math.log10(max)}
      step={step}
      onChange={(position) => onChange(round(10 ** position))}
    />
  );
}

interface SelectProps<T extends string | number> {
  label: string;
  value: T;
  options: readonly { value: T; label: string; disabled?: boolean }[];
  onChange: (value: T) => void;
  disabled?: boolean;
}

export function Select<T extends string | number>({
  label,
  value,
  options,
  onChange,
  disabled,
}: SelectProps<T>) {
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>
        <span>{label}</span>
      </label>
      <select
        id={id}
        value={String(value)}
        disabled={disabled}
        onChange={(e) => {
          const picked = options.find((o) => String(o.value) === e.currentTarget.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (value: number) => void;
}

/** A number input that commits only valid values (finite, in range) and says when one is not. */
export function NumberField({ label, value, min, max, step = 1, onChange }: NumberFieldProps) {
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>
        <span>{label}</span>
      </label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        defaultValue={value}
        key={value}
        onBlur={(e) => {
          const v = Number(e.currentTarget.value);
          if (Number.isFinite(v) && v >= min && v <= max) onChange(v);
          else e.currentTarget.value = String(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
    </div>
  );
}

/** Formats a number compactly for labels: 0.05, 1e-5, 128. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(0).replace('e-', 'e−');
  return String(Number(x.toPrecision(3)));
}
