// selenium-webdriver ships no types, and the WebKit adapter uses a handful of its calls: typed loosely here
// rather than adding @types/selenium-webdriver.
declare module 'selenium-webdriver' {
  export type WebDriver = any; // eslint-disable-line @typescript-eslint/no-explicit-any
  export const Builder: any, By: any, Key: any, Origin: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
