/** The console's runtime settings: written next to the bundle by whoever serves it (the local
 * stack, or CDK's deployment), so one bundle runs everywhere. */
export interface RuntimeConfig {
  /** Base URL of the REST API ("" = same origin). */
  apiUrl: string;
  /** "simulator": the local Connect simulator's softphone; "streams": the Amazon Connect CCP. */
  softphone: "simulator" | "streams";
  /** The local simulator softphone's base path (softphone "simulator"). */
  simulatorUrl?: string;
  /** The instance's CCP, e.g. https://example.my.connect.aws/ccp-v2/ (softphone "streams"). */
  ccpUrl?: string;
  region?: string;
  cognito: {
    /** Where InitiateAuth is sent, e.g. https://cognito-idp.us-east-1.amazonaws.com/ */
    endpoint: string;
    userPoolClientId: string;
  };
}

export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch("config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as RuntimeConfig;
}
