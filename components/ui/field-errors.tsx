type FieldErrorsProps = {
  /** The form field name; it names the test id and, by default, the element id. */
  name: string;
  id?: string;
  messages?: readonly string[] | null;
};

/** The id an input's aria-describedby should reference for this field's errors. */
export function fieldErrorsId(name: string): string {
  return `${name}-errors`;
}

export function FieldErrors({ name, id = fieldErrorsId(name), messages }: FieldErrorsProps) {
  // The live container stays mounted so screen readers notice when messages appear;
  // role="alert" is avoided because Next's route announcer already owns it.
  return (
    <div aria-live="polite">
      {messages && messages.length > 0 ? (
        <ul id={id} data-testid={`errors-${name}`} className="mt-1 space-y-0.5 text-xs text-danger">
          {messages.map((message, index) => (
            <li key={`${index}:${message}`}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
