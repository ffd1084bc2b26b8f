/** What a handler may return besides a plain 200 JSON body. */
export class Status<B> {
  constructor(
    readonly status: number,
    readonly body: B,
  ) {}
}

export class HtmlPage {
  constructor(
    readonly status: number,
    readonly html: string,
  ) {}
}

export class Redirect {
  constructor(readonly location: string) {}
}

/** 202: the 2020 API's "more information is needed" answer on a connection. */
export const accepted = <B>(body: B) => new Status(202, body);
