/**
 * A plain GitLab REST v4 client for the baselines: offset pages of 100
 * (GitLab's largest), `x-next-page` to follow, and at most `inFlight`
 * requests at once.
 */
export class RestClient {
  /** Requests sent so far. */
  requests = 0;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly options: { url: string; token: string; inFlight: number },
  ) {}

  async get<T>(
    path: string,
    query: Record<string, string | number> = {},
  ): Promise<{ body: T; nextPage: number | undefined }> {
    const url = new URL(`${this.options.url}/api/v4${path}`);
    for (const [name, value] of Object.entries(query)) {
      url.searchParams.set(name, String(value));
    }
    await this.slot();
    this.requests += 1;
    try {
      const response = await fetch(url, {
        headers: { 'PRIVATE-TOKEN': this.options.token },
      });
      if (!response.ok) {
        throw new Error(`GET ${path} answered ${response.status}`);
      }
      const body = (await response.json()) as T;
      const next = Number(response.headers.get('x-next-page'));
      return { body, nextPage: next > 0 ? next : undefined };
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Every page of a list, one at a time. */
  async *pages<T>(
    path: string,
    query: Record<string, string | number> = {},
  ): AsyncGenerator<T[]> {
    for (let page: number | undefined = 1; page !== undefined; ) {
      const answer: { body: T[]; nextPage: number | undefined } =
        await this.get<T[]>(path, { ...query, per_page: 100, page });
      yield answer.body;
      page = answer.nextPage;
    }
  }

  async all<T>(
    path: string,
    query: Record<string, string | number> = {},
  ): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(path, query)) items.push(...page);
    return items;
  }

  private async slot(): Promise<void> {
    while (this.active >= this.options.inFlight) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    }
    this.active += 1;
  }
}
