/** A legacy-list pack (DESIGN.md §3.1) without `name:`: one input filter that redacts emails. */
export const LEGACY_PII_PACK = `policies:
  - name: pii
    type: input_filter
    action: redact
    patterns:
      - type: email
`;

/** LEGACY_PII_PACK with a mock provider target, for a gateway to serve. */
export const LEGACY_PII_PACK_SERVED = `${LEGACY_PII_PACK}providers:
  targets:
    - {id: echo, provider: mock, model: mock-echo}
`;
