import type { FormEvent } from 'react';

/**
 * The text fields of a submitted form. A field holding a file (or missing) reads as '', never as
 * "[object File]": every form of the console has text fields only.
 */
export function formFields(event: FormEvent<HTMLFormElement>): (name: string) => string {
  const form = new FormData(event.currentTarget);
  return (name) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
}
