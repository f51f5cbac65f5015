"use client";

import { useEffect, useRef, type RefObject } from "react";

const FLASH_MS = 600;

/**
 * Briefly tints an element green or red when `value` rises or falls. The Web Animations API keeps
 * this off React's render path: ticks for every row arrive each second.
 */
export function useFlashOnChange<E extends HTMLElement>(value: number, ref: RefObject<E | null>, colors: { up: string; down: string }) {
  const previous = useRef<number | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = value;
    const element = ref.current;
    if (before === null || before === value || !element) return;
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    const color = value > before ? colors.up : colors.down;
    element.animate([{ backgroundColor: color }, { backgroundColor: "transparent" }], { duration: FLASH_MS, easing: "ease-out" });
  }, [value, ref, colors.up, colors.down]);
}
