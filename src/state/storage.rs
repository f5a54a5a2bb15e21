//! The browser's Web Storage, read and written as text. Outside a browser (native tests) every
//! read finds nothing and every write is dropped, so state logic stays testable without one.

/// Which Web Storage area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Cleared when the tab closes.
    Session,
    /// Kept on this device until removed.
    Local,
}

#[cfg(target_arch = "wasm32")]
fn storage(area: Area) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match area {
        Area::Session => window.session_storage().ok().flatten(),
        Area::Local => window.local_storage().ok().flatten(),
    }
}

pub fn read(area: Area, key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        storage(area)?.get_item(key).ok().flatten()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (area, key);
        None
    }
}

/// Writes `value`; a full or disabled storage is not an error worth stopping the user for.
pub fn write(area: Area, key: &str, value: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(storage) = storage(area) {
        let _ = storage.set_item(key, value);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (area, key, value);
}

pub fn remove(area: Area, key: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(storage) = storage(area) {
        let _ = storage.remove_item(key);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (area, key);
}
