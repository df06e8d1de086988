export declare const importHeapFlag: string;
