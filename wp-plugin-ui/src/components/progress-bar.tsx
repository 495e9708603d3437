import { __ } from '@wordpress/i18n';

interface Props {
  /** 0–100. */
  value: number;
  label: string;
  /** What is happening now, read out to screen readers as it changes. */
  message?: string | null;
}

/** A labelled progress bar (the components package of WordPress 6.1 has none). */
export function ProgressBar({ value, label, message }: Props) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="igny8-progress">
      <div
        className="igny8-progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={message ? `${percent}% — ${message}` : `${percent}%`}
      >
        <div className="igny8-progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="igny8-progress__message" aria-live="polite">
        {message ?? __('Working…', 'igny8-bridge')} <span className="igny8-progress__percent">{percent}%</span>
      </p>
    </div>
  );
}
