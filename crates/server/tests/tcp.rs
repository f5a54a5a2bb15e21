//! The server over real TCP: bind 127.0.0.1:0, talk HTTP/1.1, shut down gracefully.

mod common;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use portal_server::{demo_data as demo, Config};

async fn exchange(addr: std::net::SocketAddr, request: String) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn serves_over_tcp_and_shuts_down_gracefully() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    assert_ne!(addr.port(), 0);
    let app = portal_server::router(&Config::demo(common::missing_dist()));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(portal_server::serve(listener, app, async {
        let _ = stopped.await;
    }));

    let health = exchange(
        addr,
        format!("GET /__demo/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok"), "{health}");

    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{}:{}", demo::SAP_CLIENT_ID, demo::SAP_CLIENT_SECRET),
    );
    let token = exchange(
        addr,
        format!(
            "POST /oauth/token?grant_type=client_credentials HTTP/1.1\r\nHost: {addr}\r\n\
             Authorization: Basic {basic}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(token.starts_with("HTTP/1.1 200"), "{token}");
    assert!(token.contains("\"token_type\":\"bearer\""));

    let credentials = exchange(
        addr,
        format!("GET /__demo/credentials HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(credentials.contains(&format!("\"tokenUrl\":\"http://{addr}/oauth/token\"")));

    stop.send(()).expect("server still running");
    let result = tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("shut down in time")
        .expect("task");
    assert!(result.is_ok());
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}
