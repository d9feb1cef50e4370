/** One invalid input field: `field` is a dotted path into the body, query or params. */
export interface FieldError {
  field: string;
  message: string;
}
