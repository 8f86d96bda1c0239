import { MODALITIES, type Modality } from '../../../api/eve-url.ts';

const MODALITY_LABELS: Record<Modality, string> = {
  T1w: 'T1w — T1-weighted anatomical',
  T2w: 'T2w — T2-weighted anatomical',
  bold: 'bold — BOLD functional MRI',
};

export function ModalityField({
  value,
  onChange,
}: {
  value: Modality;
  onChange: (modality: Modality) => void;
}) {
  return (
    <div className="field">
      <label htmlFor="modality">Modality</label>
      <select
        id="modality"
        value={value}
        onChange={(event) => onChange(event.target.value as Modality)}
      >
        {MODALITIES.map((modality) => (
          <option key={modality} value={modality}>
            {MODALITY_LABELS[modality]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SoftwareField({
  value,
  onChange,
}: {
  value: string;
  onChange: (software: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor="software">Software</label>
      <input
        id="software"
        type="text"
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-describedby="software-hint"
        onChange={(event) => onChange(event.target.value)}
      />
      <p id="software-hint" className="hint">
        The program that computed the metrics: <code>mriqc</code> for nearly every record. Leave
        empty for any.
      </p>
    </div>
  );
}
