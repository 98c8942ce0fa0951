import { createContext, ReactNode, useCallback, useContext, useState } from 'react';

const ToastContext = createContext<(text: string) => void>(() => {});

/** Short messages after an action, read out by screen readers (role=status). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState('');
  const show = useCallback((t: string) => {
    setText(t);
    setTimeout(() => setText((cur) => (cur === t ? '' : cur)), 4000);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className={`toast${text ? ' show' : ''}`} role="status" aria-live="polite">
        {text}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
