stub: 271751 bytes in docker/awesome-compose@18f59bdb09ec:aspnet-mssql/app/aspnetapp/wwwroot/lib/jquery/dist/jquery.js
