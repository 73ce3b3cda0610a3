/** The absolute path of this folder (`moto/`), which holds the moto patches and launcher. */
export declare const motoDir: string;
