stub: 545877 bytes in docker/getting-started@bb1aed919a10:app/src/static/js/react-bootstrap.js
