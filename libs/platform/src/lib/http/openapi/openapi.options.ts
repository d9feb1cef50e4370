/** How a service publishes its OpenAPI document (UI at `/<path>`, JSON at `/<path>-json`). */
export interface OpenApiOptions {
  /** Document title (default `Hotpath <serviceName>`). */
  title?: string;
  /** Version of the API the document describes (default `2`, the `/api/v2` routes). */
  version?: string;
  description?: string;
  /** Where the UI is served, without a leading slash (default `api/docs`; JSON at `api/docs-json`). */
  path?: string;
}
