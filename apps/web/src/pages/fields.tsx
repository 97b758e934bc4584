import { useId, type CSSProperties, type ReactNode } from 'react';

/**
 * Light form controls for the scoring page: native inputs with antd's look. antd's Form,
 * InputNumber, Input and Radio cost ~30 KiB gzip on the page reviewers open most; these keep the
 * same behaviour that matters here (labels tied to inputs, help and errors announced, keyboard).
 */

const control: CSSProperties = {
  font: 'inherit',
  fontSize: 14,
  padding: '4px 11px',
  border: '1px solid #d9d9d9',
  borderRadius: 6,
  background: '#fff',
  color: 'rgba(0,0,0,0.88)',
  boxSizing: 'border-box',
};

export function Field({
  label,
  help,
  error,
  children,
}: {
  label: ReactNode;
  help?: ReactNode;
  error?: string | null;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const describedBy = [help ? helpId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div style={{ marginBottom: 20 }}>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 6 }}>
        {label}
      </label>
      {children({ id, describedBy, invalid: !!error })}
      {error && (
        <div id={errId} role="alert" style={{ color: '#cf1322', fontSize: 13, marginTop: 4 }}>
          {error}
        </div>
      )}
      {help && (
        <div id={helpId} style={{ color: 'rgba(0,0,0,0.65)', fontSize: 13, marginTop: 4 }}>
          {help}
        </div>
      )}
    </div>
  );
}

export function NumberInput({
  id,
  describedBy,
  invalid,
  value,
  min,
  max,
  step,
  disabled,
  onChange,
  onBlur,
}: {
  id: string;
  describedBy?: string;
  invalid: boolean;
  value: string;
  min: number;
  max: number;
  step: number;
  disabled: boolean;
  onChange: (v: string) => void;
  onBlur?: () => void;
}) {
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      min={min}
      max={max}
      step={step}
      value={value}
      disabled={disabled}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      style={{
        ...control,
        width: 160,
        borderColor: invalid ? '#cf1322' : '#d9d9d9',
        background: disabled ? '#f5f5f5' : '#fff',
      }}
    />
  );
}

export function TextArea({
  id,
  describedBy,
  value,
  rows,
  maxLength,
  disabled,
  onChange,
  showCount,
  ariaLabel,
}: {
  id?: string;
  describedBy?: string;
  value: string;
  rows: number;
  maxLength?: number;
  disabled?: boolean;
  onChange: (v: string) => void;
  showCount?: boolean;
  ariaLabel?: string;
}) {
  return (
    <>
      <textarea
        id={id}
        rows={rows}
        value={value}
        maxLength={maxLength}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-label={ariaLabel}
        onChange={(e) => onChange(e.target.value)}
        style={{ ...control, width: '100%', resize: 'vertical', background: disabled ? '#f5f5f5' : '#fff' }}
      />
      {showCount && maxLength && (
        <div style={{ textAlign: 'right', color: 'rgba(0,0,0,0.65)', fontSize: 12 }}>
          {value.length} / {maxLength}
        </div>
      )}
    </>
  );
}

/** Radio buttons in a row (a radiogroup; arrow keys move between options as native radios do). */
export function Choice({
  name,
  label,
  value,
  options,
  disabled,
  onChange,
}: {
  name: string;
  label: string;
  value: string | null;
  options: { value: string; label: string }[];
  disabled: boolean;
  onChange: (v: string) => void;
}) {
  return (
    <div role="radiogroup" aria-label={label} style={{ display: 'inline-flex', flexWrap: 'wrap' }}>
      {options.map((o, i) => {
        const checked = value === o.value;
        return (
          <label
            key={o.value}
            className="choice-option"
            style={{
              position: 'relative',
              padding: '4px 15px',
              border: `1px solid ${checked ? '#1f5fa8' : '#d9d9d9'}`,
              marginLeft: i === 0 ? 0 : -1,
              borderRadius: i === 0 ? '6px 0 0 6px' : i === options.length - 1 ? '0 6px 6px 0' : 0,
              background: disabled ? '#f5f5f5' : checked ? '#e8f0fa' : '#fff',
              color: checked ? '#1f5fa8' : 'inherit',
              cursor: disabled ? 'not-allowed' : 'pointer',
              zIndex: checked ? 1 : 0,
            }}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={checked}
              disabled={disabled}
              onChange={() => onChange(o.value)}
              style={{ position: 'absolute', opacity: 0, inset: 0, margin: 0, cursor: 'inherit' }}
            />
            {o.label}
          </label>
        );
      })}
    </div>
  );
}
